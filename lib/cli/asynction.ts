#!/usr/bin/env node
/**
 * The `asynction` command: `asynction validate <document...>` checks AsyncAPI documents exactly as
 * `AsynctionModule.forRoot` reads them (exit status: 0 valid, 1 problems found, 2 usage error or
 * anything unexpected);
 * `asynction mock <document...>` serves them with every operation mocked (see mock.command.ts);
 * `asynction docs <document...> -o <dir>` writes the page of the `docs` option as static files;
 * `asynction types <document...> -o <file.ts>` generates their TypeScript types (exit status 1 also when `--check`
 * finds the file out of date).
 */
import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { writeDocs } from './docs.command.js';
import { MOCK_HELP, parseMockArgs, startMock } from './mock.command.js';
import { typesCommand } from './types.command.js';
import { validateDocuments } from './validate.command.js';
import { jsonReport, textReport } from './validate.report.js';
import { logMessages } from '../messages/index.js';

const HELP = `Usage: asynction validate [options] <document...>
       asynction mock [options] <document...>    (asynction mock --help)
       asynction docs -o <dir> [options] <document...>
       asynction types [options] <document...> -o <file.ts>

Checks AsyncAPI documents (2.0-2.6, 3.0-3.1; YAML or JSON; the extension may be omitted) exactly as
AsynctionModule.forRoot reads them: the official JSON Schema of the document's version, the rules the
official parser adds, and what nestjs-asynction needs to serve it over socket.io (namespaces, events,
handler ids, acknowledgements, schema formats). Several documents are checked as one application
(forRoot({ spec: [a, b] })). Prints every problem with its fix, or a summary of namespaces, events,
directions, handler ids and acknowledgement schemas.

asynction docs writes the page that AsynctionModule.forRoot({ docs: true }) serves as static files
for publishing anywhere: <dir>/index.html, asyncapi.json and asyncapi.yaml (with several documents an
index and one folder per document), and the page's assets. It needs @asyncapi/react-component
installed, and writes nothing when a document has a problem.

asynction types generates one TypeScript file of types from the same reading: named types from the
schemas, socket.io's ClientToServerEvents / ServerToClientEvents per namespace, and the augmentation
that makes tsc check @AsyncOperation methods and AsynctionEmitter calls against the document.

Options:
  -o, --out <path>   asynction docs: the folder to write into (created when missing);
                     asynction types: the file to write (stdout without it)
  --check            (types) write nothing: exit 1 with the reason when the file differs from what
                     the documents generate (for CI)
  --module <name>    (types) the module to import from and augment (default "nestjs-asynction")
  --perspective <p>  how AsyncAPI 2 publish/subscribe are read: "client" (the specification's, default)
                     or "application" (as forRoot's "perspective" option). Without it, a 2.x document whose
                     operationIds are all on "subscribe" operations gets a warning (exit status unchanged)
  --server <name>    the server whose URL path is the socket.io path (forRoot's "serverName" option)
  --spec-only        check only that the documents are valid AsyncAPI, not that they can be served
  --json             print a machine-readable report on stdout
  -h, --help         show this help
  -v, --version      show the version of nestjs-asynction

Exit status: 0 when every document is valid (warnings included, and the page or types written, or up
to date), 1 when problems were found (types: or the file is out of date), 2 on a usage error or an
unexpected failure (one line on stderr).

Examples:
  npx asynction validate ./docs/asyncapi.yaml
  npx asynction validate --perspective application --server production docs/asyncapi
  npx asynction validate --json docs/chat.yaml docs/admin.yaml
  npx asynction docs docs/asyncapi.yaml -o public/asyncapi
  npx asynction types docs/asyncapi.yaml -o src/asyncapi.types.ts
  npx asynction types docs/asyncapi.yaml -o src/asyncapi.types.ts --check
`;

function version(): string {
  let dir = new URL('.', import.meta.url);
  for (let i = 0; i < 5; i++) {
    try {
      const pkg = JSON.parse(readFileSync(new URL('package.json', dir), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'nestjs-asynction') return pkg.version ?? 'unknown';
    } catch {
      // not here: look one folder up
    }
    dir = new URL('..', dir);
  }
  return 'unknown';
}

function usageError(message: string): number {
  process.stderr.write(`asynction: ${message}\nRun "asynction --help" for usage.\n`);
  return 2;
}

function main(argv: string[]): number | Promise<number> {
  if (argv[0] === 'mock') {
    const request = parseMockArgs(argv.slice(1));
    if ('error' in request) return usageError(request.error);
    if ('help' in request) {
      process.stdout.write(MOCK_HELP);
      return 0;
    }
    return startMock(request, process.cwd());
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        perspective: { type: 'string' },
        server: { type: 'string' },
        out: { type: 'string', short: 'o' },
        'spec-only': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        check: { type: 'boolean', default: false },
        module: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    });
  } catch (error) {
    return usageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  if (values.version) {
    process.stdout.write(`${version()}\n`);
    return 0;
  }
  const [command, ...documents] = positionals;
  const commands = 'the commands are "validate", "mock", "docs" and "types"';
  if (command === undefined) return usageError(`missing command (${commands})`);
  if (command !== 'validate' && command !== 'docs' && command !== 'types') {
    return usageError(`unknown command "${command}" (${commands})`);
  }
  if (documents.length === 0) return usageError('missing <document>: give the path of an AsyncAPI document');
  const perspective = values.perspective;
  if (perspective !== undefined && perspective !== 'client' && perspective !== 'application') {
    return usageError(`--perspective must be "client" or "application", not "${perspective}"`);
  }
  const given = {
    json: values.json,
    'spec-only': values['spec-only'],
    out: values.out !== undefined,
    check: values.check,
    module: values.module !== undefined,
  };
  const foreign = {
    validate: ['out', 'check', 'module'],
    docs: ['json', 'spec-only', 'check', 'module'],
    types: ['json', 'spec-only'],
  } as const;
  const misplaced = foreign[command].find((option) => given[option]);
  if (misplaced) return usageError(`--${misplaced} is not an option of "${command}"`);
  const cwd = process.cwd();
  if (command === 'types') {
    if (values.check && values.out === undefined) return usageError(logMessages.typesCheckNeedsOutput());
    const outcome = typesCommand({
      documents,
      perspective: perspective ?? 'client',
      serverName: values.server,
      module: values.module ?? 'nestjs-asynction',
      out: values.out,
      check: values.check,
      cwd,
    });
    if (outcome.invalid) process.stderr.write(textReport(outcome.invalid, false, cwd));
    process.stdout.write(outcome.stdout);
    process.stderr.write(outcome.stderr);
    return outcome.status;
  }
  if (command === 'docs') {
    if (values.out === undefined) return usageError('missing -o <dir>: the folder to write the page into');
    return docs({ documents, out: values.out, perspective: perspective ?? 'client', serverName: values.server, cwd });
  }
  const specOnly = values['spec-only'];
  const result = validateDocuments({ documents, perspective, serverName: values.server, specOnly, cwd });
  process.stdout.write(
    values.json ? `${jsonReport(result, specOnly)}\n` : textReport(result, specOnly, cwd, documents),
  );
  return result.problems.length === 0 ? 0 : 1;
}

function docs(request: Parameters<typeof writeDocs>[0]): number {
  let result;
  try {
    result = writeDocs(request);
  } catch (error) {
    process.stderr.write(`asynction: ${(error as Error).message}\n`);
    return 1;
  }
  if (result.check.problems.length > 0) {
    process.stdout.write(textReport(result.check, false, request.cwd));
    return 1;
  }
  const index = join(resolve(request.cwd, request.out), 'index.html');
  const shown = relative(request.cwd, index);
  process.stdout.write(`✓ wrote ${result.written.length} files; open ${shown.startsWith('..') ? index : shown}\n`);
  return 0;
}

/** Anything unexpected is one line on stderr and exit 2: never a stack trace, never a line of generated code. */
async function guarded(argv: string[]): Promise<number> {
  try {
    return await main(argv);
  } catch (error) {
    const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    const line = text.split('\n')[0]!;
    process.stderr.write(`asynction: unexpected error: ${line.length > 200 ? `${line.slice(0, 200)}...` : line}\n`);
    return 2;
  }
}

process.exitCode = await guarded(process.argv.slice(2));
