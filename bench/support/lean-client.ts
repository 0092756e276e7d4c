/**
 * A minimal socket.io client: socket.io protocol v5 over engine.io v4, over
 * `ws`, websocket transport only, text packets only. It does just what the
 * benchmark needs, so that the load generator spends far less CPU per
 * message than the server under test (socket.io-client would spend about as
 * much as the server).
 *
 *   connect ws://HOST:PORT/socket.io/?EIO=4&transport=websocket
 *   <- 0{"sid":"...","pingInterval":25000,...}        engine.io OPEN
 *   -> 40/bench,                                       socket.io CONNECT
 *   <- 40/bench,{"sid":"..."}                          CONNECT ok (44 = error)
 *   -> 42/bench,<ackId>["order",{...}]                 EVENT with ack id
 *   <- 43/bench,<ackId>[{...}]                         ACK
 *   <- 2   -> 3                                        engine.io ping/pong
 */
import WebSocket from 'ws';

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

export class LeanClient {
  readonly id = nextClientId++;
  private ws!: WebSocket;
  private readonly ackPrefix: string;
  private nextAck = 0;
  connected = false;
  closed = false;

  constructor(
    private readonly url: string,
    private readonly nsp: string,
    private readonly handlers: LeanClientHandlers,
  ) {
    this.ackPrefix = `43${nsp},`;
  }

  /** Resolves once the namespace is joined. */
  connect(timeoutMs = 10_000): Promise<void> {
    return new Promise((resolve, reject) => {
      let settled = false;
      const fail = (why: string) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        try {
          this.ws.terminate();
        } catch {
          /* ignore */
        }
        reject(new Error(`client ${this.id}: ${why}`));
      };
      const timer = setTimeout(() => fail('connect timeout'), timeoutMs);
      this.ws = new WebSocket(this.url, { perMessageDeflate: false, skipUTF8Validation: true });
      this.ws.on('error', (err) =>
        settled ? this.handlers.onProblem(this, `ws error ${err.message}`) : fail(err.message),
      );
      this.ws.on('close', () => {
        const expected = this.closed;
        this.closed = true;
        this.connected = false;
        if (!settled) fail('closed during handshake');
        else if (!expected) this.handlers.onProblem(this, 'closed by server');
      });
      this.ws.on('message', (data: Buffer, isBinary: boolean) => {
        if (isBinary) return this.handlers.onProblem(this, 'binary frame');
        const s = data.toString();
        if (this.connected) return this.onPacket(s);
        // handshake
        if (s.charCodeAt(0) === 48 /* 0 */ && s.length > 1 && s.charCodeAt(1) === 123 /* { */) {
          this.ws.send(`40${this.nsp},`);
        } else if (s.startsWith(`40${this.nsp},`)) {
          this.connected = true;
          settled = true;
          clearTimeout(timer);
          resolve();
        } else if (s.startsWith(`44${this.nsp},`)) {
          fail(`namespace refused: ${s}`);
        } else if (s === '2') {
          this.ws.send('3');
        } else {
          fail(`unexpected handshake packet ${s.slice(0, 80)}`);
        }
      });
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
    if (this.closed) return;
    this.closed = true;
    this.ws.close();
  }

  terminate(): void {
    this.closed = true;
    this.ws.terminate();
  }

  private onPacket(s: string): void {
    const now = performance.now();
    if (s.startsWith(this.ackPrefix)) {
      const p = this.ackPrefix.length;
      const b = s.indexOf('[', p);
      const ackId = b > p ? Number(s.slice(p, b)) : NaN;
      let ok: boolean;
      try {
        const args = JSON.parse(s.slice(b));
        ok = Array.isArray(args) && args[0]?.ok === true && args[0]?.id === ackId;
      } catch {
        ok = false;
      }
      this.handlers.onAck(this, ackId, ok, now);
    } else if (s === '2') {
      this.ws.send('3');
    } else {
      this.handlers.onProblem(this, `unexpected packet ${s.slice(0, 120)}`);
    }
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

export const socketIoUrl = (port: number, host = '127.0.0.1') =>
  `ws://${host}:${port}/socket.io/?EIO=4&transport=websocket`;
