/**
 * The benchmark's side of the socket.io protocol: the `order` frames it sends and the client that sends them
 * (on the raw connection of socket-io.connection.ts, which the tests' raw client shares).
 */
import { SocketIoConnection } from './socket-io.connection.js';

export interface OrderTemplate {
  /** Bytes of the JSON payload object (for the report). */
  payloadBytes: number;
  /** Builds the full engine.io text frame for ack id `ackId` (payload id = ackId). */
  frame(ackId: number): string;
}

/**
 * The `order` payload: valid against bench.asyncapi.yaml, ~140 bytes of
 * JSON, `id` changes per message and `side` alternates.
 */
export function orderTemplate(nsp: string, event: string): OrderTemplate {
  const head = `42${nsp},`;
  const mid = `["${event}",{"id":`;
  const note = 'limit order via desk 7, account 0042, good till cancelled';
  const tails = [
    `,"symbol":"ACME.XNAS","side":"buy","qty":12.5,"price":187.25,"note":"${note}"}]`,
    `,"symbol":"ACME.XNAS","side":"sell","qty":12.5,"price":187.25,"note":"${note}"}]`,
  ];
  const frame = (ackId: number) => head + ackId + mid + ackId + tails[ackId & 1]!;
  const sample = frame(1234567);
  return {
    payloadBytes: sample.length - sample.indexOf('{') - 1,
    frame,
  };
}

export interface LeanClientHandlers {
  /** An ack for `ackId` arrived at `now` (performance.now()); `ok` = well-formed `{ok:true,id:ackId}`. */
  onAck(client: LeanClient, ackId: number, ok: boolean, now: number): void;
  /** Anything unexpected after the handshake (an event, an error packet, a close). */
  onProblem(client: LeanClient, what: string): void;
}

let nextClientId = 0;

/**
 * The load generator's client: sends prebuilt frames and hands each ack straight to its handlers, keeping nothing
 * per frame, so that its CPU per message stays far below the server's.
 */
export class LeanClient extends SocketIoConnection {
  readonly id = nextClientId++;
  private readonly ackPrefix: string;
  private nextAck = 0;
  private closing = false;

  constructor(
    url: string,
    namespace: string,
    private readonly handlers: LeanClientHandlers,
    /** The CONNECT packet's payload (socket.io's `handshake.auth`), e.g. `{ token }`. */
    auth?: object,
  ) {
    super(url, namespace, auth);
    this.ackPrefix = `43${namespace},`;
  }

  /** Resolves once the namespace is joined. */
  connect(timeoutMs = 10_000): Promise<void> {
    return this.handshake(timeoutMs).catch((error: Error) => {
      throw new Error(`client ${this.id}: ${error.message}`);
    });
  }

  /** Sends one prebuilt frame whose ack id was taken with takeAckId(). */
  sendFrame(frame: string): void {
    this.ws.send(frame);
  }

  takeAckId(): number {
    return this.nextAck++;
  }

  close(): void {
    if (this.closing) return;
    this.closing = true;
    this.ws.close();
  }

  protected receive(frame: string | Buffer): void {
    const now = performance.now();
    if (typeof frame !== 'string') return this.handlers.onProblem(this, 'binary frame');
    if (frame.startsWith(this.ackPrefix)) {
      const p = this.ackPrefix.length;
      const b = frame.indexOf('[', p);
      const ackId = b > p ? Number(frame.slice(p, b)) : NaN;
      let ok: boolean;
      try {
        const args = JSON.parse(frame.slice(b)) as Array<{ ok?: unknown; id?: unknown }>;
        ok = Array.isArray(args) && args[0]?.ok === true && args[0]?.id === ackId;
      } catch {
        ok = false;
      }
      this.handlers.onAck(this, ackId, ok, now);
    } else if (frame !== '2') {
      this.handlers.onProblem(this, `unexpected packet ${frame.slice(0, 120)}`);
    }
  }

  protected lost(what: string): void {
    if (!this.closing) this.handlers.onProblem(this, what);
  }
}

/** Opens `n` clients, at most `concurrency` handshakes at a time. */
export async function connectMany(
  n: number,
  url: string,
  nsp: string,
  handlers: LeanClientHandlers,
  concurrency = 100,
): Promise<LeanClient[]> {
  const clients: LeanClient[] = [];
  let next = 0;
  const worker = async () => {
    while (next < n) {
      next++;
      const c = new LeanClient(url, nsp, handlers);
      await c.connect();
      clients.push(c);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, worker));
  return clients;
}
