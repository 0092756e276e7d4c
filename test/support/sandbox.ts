import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { repoRoot } from './markdown.js';

/**
 * A throwaway project folder outside the repository, set up like a user's app: an ES module whose node_modules
 * links to the repository's packages, and `nestjs-asynction` as a package whose code is the local build
 * (build/lib, made by `npm test`'s build step), exported as package.json exports it from dist/.
 */
export class Sandbox {
  readonly dir = mkdtempSync(join(tmpdir(), 'asynction-docs-'));

  constructor() {
    const modules = join(this.dir, 'node_modules');
    mkdirSync(modules);
    for (const name of readdirSync(join(repoRoot, 'node_modules'))) {
      if (name === 'nestjs-asynction' || name === '.package-lock.json') continue;
      symlinkSync(join(repoRoot, 'node_modules', name), join(modules, name));
    }
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { exports: unknown };
    const exports = JSON.parse(JSON.stringify(manifest.exports).replaceAll('./dist/', './lib/'));
    const library = join(modules, 'nestjs-asynction');
    mkdirSync(library);
    writeFileSync(join(library, 'package.json'), JSON.stringify({ name: 'nestjs-asynction', type: 'module', exports }));
    symlinkSync(join(repoRoot, 'build', 'lib'), join(library, 'lib'), 'dir');
    this.write('package.json', JSON.stringify({ name: 'docs-sandbox', private: true, type: 'module' }));
  }

  /** Writes a file, relative to the sandbox, creating its folders. */
  write(path: string, text: string): string {
    const file = join(this.dir, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    return file;
  }

  /** Runs the project's TypeScript compiler (the tsc binary: TypeScript 7 has no compiler API) in the sandbox. */
  tsc(...args: string[]): { status: number | null; output: string } {
    const tsc = join(repoRoot, 'node_modules', '.bin', 'tsc');
    const run = spawnSync(tsc, args, { cwd: this.dir, encoding: 'utf8' });
    return { status: run.status, output: `${run.stdout ?? ''}${run.stderr ?? ''}${run.error?.message ?? ''}` };
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
