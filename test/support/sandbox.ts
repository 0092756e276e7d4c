import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { repoRoot } from './markdown.js';

/** Generous: only there so that a process that never ends fails its test instead of hanging the suite. */
export const DEADLINE_MS = 60_000;

/** A Node process started in a sandbox, with what it printed so far. */
export interface Run {
  child: ChildProcess;
  stdout: string;
  stderr: string;
  exit: Promise<number | null>;
  /** The exit code; kills the process (and the code is null) if it has not ended by itself before the deadline. */
  exitWithin(ms?: number): Promise<number | null>;
}

/** Resolves when the process has printed `pattern`; rejects if it exits first or the deadline passes. */
export function printed(run: Run, pattern: RegExp): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${pattern} before the deadline:\n${run.stdout}`)), DEADLINE_MS);
    const check = () => {
      if (!pattern.test(run.stdout)) return;
      clearTimeout(timer);
      resolve();
    };
    run.child.stdout!.on('data', check);
    void run.exit.then((code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before printing ${pattern}:\n${run.stdout}\n${run.stderr}`));
    });
    check();
  });
}

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

  /** Runs `node script` in the sandbox with more environment variables. */
  node(script: string, env: Record<string, string> = {}): Run {
    const child = spawn(process.execPath, [script], {
      cwd: this.dir,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const run: Run = {
      child,
      stdout: '',
      stderr: '',
      exit,
      exitWithin: async (ms = DEADLINE_MS) => {
        const timer = setTimeout(() => child.kill('SIGKILL'), ms);
        const code = await exit;
        clearTimeout(timer);
        return code;
      },
    };
    child.stdout!.setEncoding('utf8').on('data', (text: string) => (run.stdout += text));
    child.stderr!.setEncoding('utf8').on('data', (text: string) => (run.stderr += text));
    return run;
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
