#!/usr/bin/env node
/**
 * Runs `asynction validate` over every AsyncAPI document of a folder (recursively; YAML/JSON files with a top-level
 * `asyncapi` field, so shared fragments are skipped), twice: `--spec-only` (is it valid AsyncAPI?) and the full check
 * (can nestjs-asynction serve it?). Exits 1 when a document fails the AsyncAPI check.
 *
 *     npm run build:all && node scripts/validate-folder.mjs <folder> [-- extra validate options]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const [folder, ...extra] = process.argv.slice(2).filter((a) => a !== '--');
if (!folder) {
  process.stderr.write('usage: node scripts/validate-folder.mjs <folder> [validate options]\n');
  process.exit(2);
}
const root = fileURLToPath(new URL('..', import.meta.url));
const cli = ['dist/cli/asynction.js', 'build/lib/cli/asynction.js'].map((p) => join(root, p)).find(existsSync);
if (!cli) {
  process.stderr.write('build first: npm run build:all (or npm run build)\n');
  process.exit(2);
}

const walk = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : /\.(ya?ml|json)$/.test(name) ? [path] : [];
  });
const documents = walk(folder).filter((file) => /^\s*"?asyncapi"?\s*:/m.test(readFileSync(file, 'utf8')));

const run = (file, ...options) => {
  const out = spawnSync(process.execPath, [cli, 'validate', '--json', ...options, ...extra, file], {
    encoding: 'utf8',
  });
  return { status: out.status, report: out.stdout ? JSON.parse(out.stdout) : undefined, stderr: out.stderr };
};

let invalid = 0;
for (const file of documents) {
  const spec = run(file, '--spec-only');
  const serve = spec.status === 0 ? run(file) : undefined;
  if (spec.status !== 0) invalid++;
  const first = (r) =>
    r?.report?.problems[0] ? `${r.report.problems[0].pointer}: ${r.report.problems[0].message}` : r?.stderr.trim();
  const asyncapi =
    spec.status === 0 ? 'valid AsyncAPI' : `INVALID (${spec.report?.problems.length ?? '?'}) ${first(spec)}`;
  const served = !serve
    ? ''
    : serve.status === 0
      ? ', servable'
      : `, not servable (${serve.report.problems.length}): ${first(serve)}`;
  process.stdout.write(`${relative(process.cwd(), file)}: ${asyncapi}${served}\n`);
}
process.stdout.write(
  `\n${documents.length} documents, ${documents.length - invalid} valid AsyncAPI, ${invalid} invalid\n`,
);
process.exitCode = invalid === 0 ? 0 : 1;
