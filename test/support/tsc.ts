import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (tests run from build/test/...). */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** One tsc diagnostic: where, its code, and its whole text (elaboration lines included). */
export interface Diagnostic {
  file: string;
  line: number;
  code: string;
  text: string;
}

/**
 * Type-checks files with the project's own tsc (TypeScript 7) in one run, under the project's strict settings, with
 * `nestjs-asynction` mapped to lib/ as a user's program would resolve the package; returns every diagnostic.
 * The tsconfig is written under build/ (inside the repository, so node_modules and @types resolve).
 */
export function typeCheck(name: string, include: string[]): { diagnostics: Diagnostic[]; output: string } {
  const dir = join(ROOT, 'build', 'tsc', name);
  mkdirSync(dir, { recursive: true });
  const config = {
    extends: join(ROOT, 'tsconfig.json'),
    compilerOptions: { noEmit: true, rootDir: ROOT, paths: { 'nestjs-asynction': [join(ROOT, 'lib/index.ts')] } },
    include,
    exclude: [],
  };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(config, null, 2));
  const run = spawnSync(join(ROOT, 'node_modules/.bin/tsc'), ['-p', join(dir, 'tsconfig.json'), '--pretty', 'false'], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  const output = `${run.stdout}${run.stderr}`;
  const diagnostics: Diagnostic[] = [];
  for (const line of output.split('\n')) {
    const head = /^(.+?)\((\d+),\d+\): error (TS\d+): (.*)$/.exec(line);
    if (head) diagnostics.push({ file: head[1]!, line: Number(head[2]), code: head[3]!, text: head[4]! });
    else if (line.startsWith(' ') && diagnostics.length > 0) diagnostics[diagnostics.length - 1]!.text += `\n${line}`;
  }
  return { diagnostics, output };
}
