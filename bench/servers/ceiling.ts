/**
 * Variant `ceiling`: raw socket.io, the same ajv validation inline (payload
 * and ack), ack sent. What the message path costs with no framework at all.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Ajv } from 'ajv';
import { Server } from 'socket.io';
import type { BenchServerHandle, BenchServerOptions } from '../contract.js';
import { EVENT, NAMESPACE, loadOrderSchemas } from '../support/fixture.js';

export const description = 'raw socket.io + ajv (payload and ack validated inline)';

export async function start(opts: BenchServerOptions): Promise<BenchServerHandle> {
  const schemas = loadOrderSchemas(opts.asyncapiPath);
  const ajv = new Ajv({ allErrors: false });
  const validatePayload = ajv.compile<{ id: number }>(schemas.payload);
  const validateAck = ajv.compile(schemas.ack);

  const http = createServer();
  const io = new Server(http);
  io.of(NAMESPACE).on('connection', (socket) => {
    socket.on(EVENT, (payload: any, ack: unknown) => {
      if (typeof ack !== 'function') return;
      if (!validatePayload(payload)) {
        ack({ ok: false, errors: validatePayload.errors });
        return;
      }
      const response = { ok: true, id: payload.id };
      if (!validateAck(response)) {
        ack({ ok: false, errors: validateAck.errors });
        return;
      }
      ack(response);
    });
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(opts.port, opts.host, () => resolve());
  });
  return {
    port: (http.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => io.close(() => resolve())),
  };
}
