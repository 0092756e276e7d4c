import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** What a run of the `asynction` command left: its exit status and what it printed. */
export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

const CLI = new URL('../../lib/cli/asynction.js', import.meta.url);

/** Runs the `asynction` command as a user does, in its own node process. */
export function spawnCli(args: string[], cwd: string): CliRun {
  const out = spawnSync(process.execPath, [fileURLToPath(CLI), ...args], { encoding: 'utf8', cwd });
  return { status: out.status, stdout: out.stdout, stderr: out.stderr };
}

let runs = 0;

/**
 * Runs the `asynction` command inside this process: the command module is evaluated afresh (a new query string
 * makes a new module instance; its imports stay loaded) with `process.argv`, the working directory and the
 * standard streams swapped for the run. A process per run cost a third of the suite's time, mostly in loading
 * and compiling the official schemas again. Only string writes are captured: the test runner's own reports to
 * its parent are buffers and pass through.
 */
export async function runCli(args: string[], cwd: string): Promise<CliRun> {
  const saved = { argv: process.argv, cwd: process.cwd(), exitCode: process.exitCode };
  const { stdout, stderr } = process;
  const writes = { stdout: stdout.write, stderr: stderr.write };
  const printed = { stdout: '', stderr: '' };
  const capture = (stream: 'stdout' | 'stderr') =>
    function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]): boolean {
      if (typeof chunk !== 'string') return (writes[stream] as (...a: unknown[]) => boolean).call(this, chunk, ...rest);
      printed[stream] += chunk;
      return true;
    } as typeof stdout.write;
  process.argv = [process.execPath, fileURLToPath(CLI), ...args];
  process.exitCode = undefined;
  process.chdir(cwd);
  stdout.write = capture('stdout');
  stderr.write = capture('stderr');
  try {
    await import(`${CLI.href}?run=${++runs}`);
    return { status: Number(process.exitCode ?? 0), ...printed };
  } finally {
    stdout.write = writes.stdout;
    stderr.write = writes.stderr;
    process.chdir(saved.cwd);
    process.argv = saved.argv;
    process.exitCode = saved.exitCode;
  }
}
