import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { Provider, Type } from '@nestjs/common';
import { AsynctionModule, AsynctionSpecError, type SpecProblem } from '../../lib/index.js';
import { failedStart, fixture, rootModule, startApp, type TestApp } from './harness.js';

/** Serves a fixture for the enclosing `describe` (started before its tests, closed after); returns the running app. */
export function serve(file: string, providers: Provider[]): () => TestApp {
  let t: TestApp;
  before(async () => {
    t = await startApp(rootModule([AsynctionModule.forRoot(fixture(file))], providers));
  });
  after(() => t.close());
  return () => t;
}

/**
 * Starts `module`, which must not start: `app.listen()` rejects with one `AsynctionSpecError` whose message lists
 * every problem, the port was never opened, and nothing called `process.exit`. Returns the problems.
 */
export async function startupProblems(module: Type): Promise<readonly SpecProblem[]> {
  const { error, portClosed } = await failedStart(module);
  assert.ok(error instanceof AsynctionSpecError, `expected an AsynctionSpecError, got: ${String(error)}`);
  assert.equal(portClosed, true, 'the port was opened although the application did not start');
  for (const p of error.problems) {
    assert.ok(
      error.message.includes(`${p.at.file}${p.at.pointer}: ${p.message}`),
      `the error message does not list: ${p.message}`,
    );
  }
  return error.problems;
}

/** The problem a `messages.*` factory describes, at a file and JSON pointer. */
export function problem(file: string, pointer: string, text: { message: string; fix: string }): SpecProblem {
  return { at: { file, pointer }, ...text };
}

/** Problems in a stable order (file, pointer, message), for comparing lists whose order is not the point. */
export function sorted(problems: readonly SpecProblem[]): SpecProblem[] {
  const key = (p: SpecProblem) => `${p.at.file}\u0000${p.at.pointer}\u0000${p.message}`;
  return [...problems].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
