import assert from 'node:assert/strict';
import type { SchemaViolation } from '../../lib/index.js';
import { clientMessages } from '../../lib/messages/index.js';
import type { RawClient } from '../support/raw-client.js';
import type { Canary } from './canary.js';
import type { MatrixHandlers } from './handlers.js';

// The defined answers of the bad-input matrix, as assertions a kind runs on its raw client.

/** The namespace of test/fixtures/matrix/bad-input.yaml. */
export const NS = '/matrix';
/** `gatewayOptions.maxHttpBufferSize` of the matrix app: small enough to test, large enough for 100,000-deep JSON. */
export const MAX_BUFFER = 700_000;
/** The close code a client sees when socket.io (or engine.io) closes the connection on a protocol violation. */
export const CLOSED_BY_SERVER = 1005;
/** The close code of `ws` for a frame over `maxPayload` (engine.io sets it to `maxHttpBufferSize`). */
export const MESSAGE_TOO_BIG = 1009;

export interface MatrixContext {
  raw: RawClient;
  handlers: MatrixHandlers;
  canary: Canary;
  /** A line of the test output. */
  report(line: string): void;
}

/** A valid `order`. */
export const valid = (id: number) => ({ id, name: 'ok', side: 'buy' });

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Sends a hand-built frame with a fresh ack id (and its binary attachments); resolves with the ack's arguments. */
export function sendWithAck(
  raw: RawClient,
  frame: (id: number) => string,
  attachments: Buffer[] = [],
): Promise<unknown[]> {
  const id = raw.takeAckId();
  const ack = raw.ack(NS, id);
  raw.sendRaw(frame(id));
  for (const attachment of attachments) raw.sendRaw(attachment);
  return ack;
}

/** The connection still carries a valid message and its ack. */
export async function stillServes(raw: RawClient): Promise<void> {
  assert.deepEqual(await raw.emit('order', [valid(7)], { ack: true }), [{ accepted: true, id: 7 }]);
}

/**
 * The defined answer to a refused message: the `exception` event and the ack carry the same
 * `{ status: 'error', namespace, event, message[, errors] }`, and the connection keeps serving.
 */
export async function answeredWithError(
  raw: RawClient,
  event: string,
  send: () => Promise<unknown[] | undefined>,
  expected: { errors: SchemaViolation[] } | { message: string },
): Promise<void> {
  const exception = raw.nextEvent('exception');
  const ack = await send();
  const body = ack?.[0];
  assert.deepEqual((await exception)[0], body, 'the exception event and the ack carry the same body');
  const detail =
    'errors' in expected
      ? { message: clientMessages.payloadInvalid(NS, event, expected.errors), errors: expected.errors }
      : expected;
  assert.deepEqual(body, { status: 'error', namespace: NS, event, ...detail });
  await stillServes(raw);
}

/** An invalid payload for a declared event: validation error with the pointers. */
export const invalid = (event: string, args: unknown[], errors: SchemaViolation[]) => (context: MatrixContext) =>
  answeredWithError(context.raw, event, () => context.raw.emit(event, args, { ack: true }), { errors });

/** The same, for a frame built by hand (`%id` stands for the ack id). */
export const invalidFrame =
  (event: string, frame: string, errors: SchemaViolation[], attachments: Buffer[] = []) =>
  (context: MatrixContext) =>
    answeredWithError(
      context.raw,
      event,
      () => sendWithAck(context.raw, (id) => frame.replace('%id', String(id)), attachments),
      { errors },
    );

/** An event the document does not declare. */
export const undeclared = (event: string) => (context: MatrixContext) =>
  answeredWithError(context.raw, event, () => context.raw.emit(event, [1], { ack: true }), {
    message: clientMessages.undeclaredEvent(NS, event),
  });

/** socket.io (or engine.io) closes this client's connection: its own defined answer to a protocol violation. */
export const closes =
  (code: number, ...frames: Array<string | Buffer>) =>
  async ({ raw }: MatrixContext) => {
    for (const frame of frames) raw.sendRaw(frame);
    assert.equal(await within(raw.closed, 3000, 'the server did not close the connection'), code);
  };

/** Nothing comes back, and the connection keeps serving. */
export const ignored =
  (...frames: string[]) =>
  async ({ raw }: MatrixContext) => {
    const seen = raw.frames.length;
    for (const frame of frames) raw.sendRaw(frame);
    await stillServes(raw);
    // The ack of stillServes comes last: an answer to the frames sent before it would have arrived first.
    assert.deepEqual(
      raw.frames
        .slice(seen)
        .filter((f) => f !== '2')
        .slice(0, -1),
      [],
      'no answer',
    );
  };

/** The last payload the handler of `event` received (the canary's `order`s arrive all the time). */
export function lastReceived(handlers: MatrixHandlers, event: string): unknown {
  return handlers.received.filter((r) => r.event === event).at(-1)?.payload;
}
