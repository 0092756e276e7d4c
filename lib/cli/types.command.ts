import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { logMessages } from '../messages/index.js';
import { bindableIds, generateTypes } from '../codegen/index.js';
import type { OperationPerspective } from '../interfaces/asynction-options.interface.js';
import { validateDocuments, type ValidateResult } from './validate.command.js';

/** What `asynction types` was asked. */
export interface TypesRequest {
  documents: string[];
  perspective: OperationPerspective;
  serverName?: string;
  /** The module the file imports from and augments. */
  module: string;
  /** The file to write (or compare); stdout when absent. */
  out?: string;
  /** Compare with the file on disk instead of writing it. */
  check: boolean;
  cwd: string;
}

/** What it did: the exit status, and what to print. */
export interface TypesOutcome {
  status: 0 | 1;
  /** Set when the documents have problems: printed as `asynction validate` prints them. */
  invalid?: ValidateResult;
  stdout: string;
  stderr: string;
}

/**
 * Generates the types of documents read exactly as `forRoot` reads them (the same reader `asynction validate`
 * uses): documents with problems get no types. `--check` compares instead of writing and says where they differ.
 */
export function typesCommand(request: TypesRequest): TypesOutcome {
  const result = validateDocuments({ ...request, specOnly: false });
  if (result.problems.length > 0) return { status: 1, invalid: result, stdout: '', stderr: '' };
  const out = request.out === undefined ? undefined : resolve(request.cwd, request.out);
  const found = out ? packageRoot(dirname(out)) : undefined;
  const root = found ?? (out ? dirname(out) : request.cwd);
  const from = !out ? '' : found ? ' (from the package root)' : " (from this file's folder)";
  const shown = (file: string) => {
    const path = relative(root, file).split(sep).join('/');
    return path === '' || path.startsWith('../') || isAbsolute(path) ? file : path;
  };
  const command = regenerateCommand(request, result.files.map(shown), out && shown(out));
  const text = generateTypes(result.documents, {
    module: request.module,
    header: [`Source: ${result.files.map(shown).join(', ')}`, `Regenerate${from}:`, `  ${command}`],
  });
  if (!out) return { status: 0, stdout: text, stderr: '' };
  const near = relative(request.cwd, out);
  const display = near === '' || near.startsWith('..') ? out : near;
  const ns = new Set(result.documents.flatMap((d) => [...d.model.namespaces.keys()])).size;
  if (request.check) {
    if (!existsSync(out)) return { status: 1, stdout: '', stderr: `${logMessages.typesMissing(display, command)}\n` };
    const line = firstDifference(readFileSync(out, 'utf8'), text);
    if (line !== undefined) {
      return { status: 1, stdout: '', stderr: `${logMessages.typesOutOfDate(display, line, command)}\n` };
    }
    return { status: 0, stdout: `${logMessages.typesUpToDate(display)}\n`, stderr: '' };
  }
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, text);
  const ids = bindableIds(result.documents).size;
  return { status: 0, stdout: `${logMessages.typesWritten(display, ns, ids)}\n`, stderr: '' };
}

/** The nearest folder with a package.json, where `npx asynction` runs. */
function packageRoot(from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

function regenerateCommand(request: TypesRequest, documents: string[], out: string | undefined): string {
  const options = [
    ...(request.perspective !== 'client' ? ['--perspective', request.perspective] : []),
    ...(request.serverName !== undefined ? ['--server', request.serverName] : []),
    ...(request.module !== 'nestjs-asynction' ? ['--module', request.module] : []),
  ];
  return ['npx asynction types', ...documents, ...(out ? ['-o', out] : []), ...options].join(' ');
}

/** The first line (1-based) where two texts differ, or undefined when they are equal. */
function firstDifference(a: string, b: string): number | undefined {
  if (a === b) return undefined;
  const left = a.split('\n');
  const right = b.split('\n');
  const i = left.findIndex((line, n) => line !== right[n]);
  return (i === -1 ? left.length : i) + 1;
}
