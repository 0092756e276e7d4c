import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Resolves as soon as `check` holds, checking every `every` ms; rejects naming `what` once `timeout` ms passed.
 * Tests wait for the thing itself rather than sleeping a guessed time and then asserting: a fixed sleep is either
 * too short on a loaded machine or wasted on an idle one.
 */
export async function waitFor(
  what: string,
  check: () => boolean | Promise<boolean>,
  { timeout = 10_000, every = 10 }: { timeout?: number; every?: number } = {},
): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeout} ms`);
    await sleep(every);
  }
}
