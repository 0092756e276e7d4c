import { extname, isAbsolute, relative, resolve } from 'node:path';
import { problemCount, problemList, warningList } from '../messages/index.js';
import type { MessageModel, NamespaceModel } from '../interfaces/asyncapi-model.interface.js';
import type { AsynctionDocument } from '../document/document.reader.js';
import type { SpecProblem } from '../interfaces/spec-problem.interface.js';
import type { ValidateResult } from './validate.command.js';

/** One row of the summary: an event, or a lifecycle handler, of a namespace. */
interface Row {
  namespace: string;
  event: string;
  direction: 'receive' | 'send' | 'lifecycle';
  handler?: string;
  /** Where the acknowledgement's schema is declared. */
  ack?: string;
}

/** Every event and handler of a document, namespace by namespace, as the machine-readable report lists them. */
function rowsOf(document: AsynctionDocument): Row[] {
  const rows: Row[] = [];
  const event = (ns: NamespaceModel, m: MessageModel, direction: Row['direction']): Row => ({
    namespace: ns.name,
    event: m.event,
    direction,
    ...(m.handler ? { handler: m.handler.id } : {}),
    ...(m.ack ? { ack: `${m.ack.at.file}${m.ack.at.pointer}` } : {}),
  });
  for (const ns of document.model.namespaces.values()) {
    for (const key of ['connect', 'disconnect', 'error'] as const) {
      const ref = ns[key];
      if (ref) rows.push({ namespace: ns.name, event: `(${key})`, direction: 'lifecycle', handler: ref.id });
    }
    for (const m of ns.inbound.values()) rows.push(event(ns, m, 'receive'));
    for (const m of ns.outbound.values()) rows.push(event(ns, m, 'send'));
  }
  return rows;
}

function located(p: SpecProblem): { file: string; pointer: string; message: string; fix: string } {
  return { file: p.at.file, pointer: p.at.pointer, message: p.message, fix: p.fix };
}

/** The `--json` report. */
export function jsonReport(result: ValidateResult, specOnly: boolean): string {
  return JSON.stringify(
    {
      valid: result.problems.length === 0,
      check: specOnly ? 'asyncapi' : 'serve',
      problems: result.problems.map(located),
      warnings: result.warnings.map(located),
      documents: result.documents.map((d) => ({
        file: d.model.file,
        asyncapi: d.model.version,
        title: d.model.title,
        serverPath: d.model.serverPath ?? null,
        events: rowsOf(d),
      })),
    },
    null,
    2,
  );
}

/**
 * How the report names a file: as the user gave it. A document given by path is named by that path (with the
 * extension found for it); another file (one a `$ref` reaches) by a path of the same kind, relative to the working
 * directory when the documents were given relative, absolute when they were given absolute. Never `../../../x` for a
 * file the user named `/x`.
 */
export function fileNamer(files: readonly string[], given: readonly string[], cwd: string): (file: string) => string {
  const named = new Map<string, string>();
  files.forEach((file, i) => {
    const path = given[i];
    if (path === undefined || !isAbsolute(file)) return;
    named.set(file, resolve(cwd, path) === file ? path : `${path}${extname(file)}`);
  });
  const absolute = given.length > 0 && given.every((path) => isAbsolute(path));
  return (file) => {
    if (!isAbsolute(file)) return file;
    return named.get(file) ?? (absolute ? file : relative(cwd, file) || file);
  };
}

/** The human report: every problem with its fix, or a summary table per document; then the warnings. */
export function textReport(
  result: ValidateResult,
  specOnly: boolean,
  cwd: string,
  given: readonly string[] = [],
): string {
  const show = fileNamer(result.files, given, cwd);
  return problemsOrSummary(result, specOnly, show) + warningList(result.warnings, show);
}

function problemsOrSummary(result: ValidateResult, specOnly: boolean, show: (file: string) => string): string {
  if (result.problems.length > 0) {
    const count = problemCount(result.problems.length);
    return `✗ ${count} in ${result.files.map(show).join(', ')}\n${problemList(result.problems, show)}\n`;
  }
  if (specOnly) return result.files.map((f) => `✓ ${show(f)}: a valid AsyncAPI document\n`).join('');
  return result.documents.map((d) => summary(d, show)).join('\n');
}

function summary(document: AsynctionDocument, show: (file: string) => string): string {
  const { model } = document;
  const rows = rowsOf(document);
  const events = rows.filter((r) => r.direction !== 'lifecycle').length;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const title = model.title ? ` "${model.title}"` : '';
  const head = `✓ ${show(model.file)}: AsyncAPI ${model.version}${title}, ${plural(model.namespaces.size, 'namespace')}, ${plural(events, 'event')}`;
  const path = model.serverPath ? `\n  socket.io path: ${model.serverPath}` : '';
  const table = [
    ['NAMESPACE', 'EVENT', 'DIRECTION', 'HANDLER', 'ACK'],
    ...rows.map((r) => [
      r.namespace,
      r.event,
      r.direction,
      r.handler ?? '-',
      r.ack ? r.ack.replace(`${model.file}#`, '#') : '-',
    ]),
  ];
  const widths = table[0]!.map((_, c) => Math.max(...table.map((row) => row[c]!.length)));
  const lines = table.map(
    (row) =>
      `  ${row
        .map((cell, c) => cell.padEnd(widths[c]!))
        .join('  ')
        .trimEnd()}`,
  );
  return `${head}${path}\n${lines.join('\n')}\n`;
}
