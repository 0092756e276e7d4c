import type { DynamicModule, Type } from '@nestjs/common';
import { rootModule, startOutcome } from '../support/harness.js';

export type StartOutcome = { started: true } | { started: false; error: unknown; portClosed: boolean };

/**
 * Starts an application importing `module` with `handlers`, on a free port, and closes it: it either started, or
 * it failed (with what, and whether the port stayed closed). A library that called `process.exit` fails the case
 * instead of ending the run.
 */
export async function failedStartOrApp(module: DynamicModule, handlers: Type): Promise<StartOutcome> {
  try {
    const outcome = await startOutcome(rootModule([module], [handlers]), { logger: false, abortOnError: false });
    return outcome.started ? outcome : { started: false, error: outcome.error, portClosed: outcome.portClosed };
  } catch (error) {
    return { started: false, error, portClosed: true };
  }
}
