import { NestFactory } from '@nestjs/core';
import type { DynamicModule, Type } from '@nestjs/common';
import { freePort, portIsClosed, rootModule } from '../support/harness.js';

export type StartOutcome = { started: true } | { started: false; error: unknown; portClosed: boolean };

/**
 * Starts an application importing `module` with `handlers`, on a free port, and closes it: it either started, or
 * `listen` rejected (with what, and whether the port stayed closed). `process.exit` throws meanwhile, so a library
 * that called it fails the case instead of ending the run.
 */
export async function failedStartOrApp(module: DynamicModule, handlers: Type): Promise<StartOutcome> {
  const exit = process.exit;
  process.exit = ((code?: number) => {
    throw new Error(`process.exit(${String(code)}) was called`);
  }) as typeof process.exit;
  try {
    const app = await NestFactory.create(rootModule([module], [handlers]), { logger: false, abortOnError: false });
    const port = await freePort();
    try {
      await app.listen(port, '127.0.0.1');
    } catch (error) {
      const portClosed = await portIsClosed(port);
      await app.close().catch(() => undefined);
      return { started: false, error, portClosed };
    }
    await app.close();
    return { started: true };
  } catch (error) {
    return { started: false, error, portClosed: true };
  } finally {
    process.exit = exit;
  }
}
