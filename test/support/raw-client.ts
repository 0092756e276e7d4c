import WebSocket from 'ws';

/**
 * A raw socket.io client: engine.io v4 / socket.io v5 text frames over `ws`, websocket transport only, so a test
 * can send anything at all (malformed packets, binary frames, attachments) and see every frame the server answers.
 *
 *   <- 0{"sid":..,"pingInterval":..}     engine.io OPEN
 *   -> 40/ns,                            socket.io CONNECT (`40` for `/`)
 *   <- 40/ns,{"sid":..}                  connected (`44/ns,{..}` refused)
 *   -> 42/ns,<id>["event",...args]       EVENT, asking for an ack when an id is given
 *   <- 43/ns,<id>[...args]               ACK
 *   <- 2   -> 3                          engine.io ping / pong
 */
export class RawClient {
  /** Every frame received, in order (text frames as strings, binary frames as Buffers). */
  readonly frames: Array<string | Buffer> = [];
  /** Resolves with the WebSocket close code once the socket is closed (by either side). */
  readonly closed: Promise<number>;
  private closeCode: number | undefined;
  private nextAckId = 0;
  private readonly acks = new Map<string, (args: unknown[]) => void>();
  private readonly waiters = new Set<{
    match: (frame: string | Buffer) => boolean;
    resolve: (frame: string | Buffer) => void;
  }>();

  /** The namespace joined by `connect`: the default of `emit` and `nextEvent`. */
  namespace = '/';

  private constructor(private readonly ws: WebSocket) {
    this.closed = new Promise((resolve) =>
      ws.once('close', (code: number) => {
        this.closeCode = code;
        resolve(code);
      }),
    );
    ws.on('error', () => undefined);
    ws.on('message', (data: Buffer, isBinary: boolean) => this.receive(isBinary ? data : data.toString()));
  }

  /** Opens the engine.io connection and joins `namespace`. */
  static async connect(port: number, namespace = '/', ms = 3000): Promise<RawClient> {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`, {
      perMessageDeflate: false,
    });
    const client = new RawClient(ws);
    const open = client.next((f) => typeof f === 'string' && f.startsWith('0{'), ms);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    await open;
    await client.join(namespace, ms);
    client.namespace = namespace;
    return client;
  }

  /** Whether the socket is still open. */
  get open(): boolean {
    return this.closeCode === undefined && this.ws.readyState === WebSocket.OPEN;
  }

  /** Joins one more namespace on this connection; rejects with the server's refusal (`44`). */
  async join(namespace: string, ms = 3000): Promise<void> {
    const prefix = namespace === '/' ? '' : `${namespace},`;
    const answer = this.next(
      (f) => typeof f === 'string' && (f.startsWith(`40${prefix}{`) || f.startsWith(`44${prefix}{`)),
      ms,
    );
    this.sendRaw(namespace === '/' ? '40' : `40${namespace},`);
    const frame = String(await answer);
    if (frame.startsWith('44')) throw new Error(`namespace ${namespace} refused: ${frame}`);
  }

  /** Sends one WebSocket frame exactly as given. */
  sendRaw(frame: string | Buffer): void {
    this.ws.send(frame, { binary: typeof frame !== 'string' });
  }

  /**
   * Sends `42<ns>,<id>[event, ...args]`. With `ack`, resolves with the ack's arguments (`43<ns>,<id>[...]`), or
   * rejects after `timeout` ms or when the connection closes first; without, resolves undefined once sent.
   */
  emit(
    event: unknown,
    args: unknown[],
    options: { ack?: boolean; namespace?: string; timeout?: number } = {},
  ): Promise<unknown[] | undefined> {
    const ns = options.namespace ?? this.namespace;
    const prefix = ns === '/' ? '' : `${ns},`;
    if (!options.ack) {
      this.sendRaw(`42${prefix}${JSON.stringify([event, ...args])}`);
      return Promise.resolve(undefined);
    }
    const id = this.nextAckId++;
    const result = this.ack(ns, id, options.timeout);
    this.sendRaw(`42${prefix}${id}${JSON.stringify([event, ...args])}`);
    return result;
  }

  /** Takes the next ack id, for frames built by hand; `ack(ns, id)` awaits its answer. */
  takeAckId(): number {
    return this.nextAckId++;
  }

  /** Resolves with the arguments of the ack `43<ns>,<id>[...]`. */
  ack(namespace: string, id: number, timeout = 3000): Promise<unknown[]> {
    const key = `${namespace}|${id}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.acks.delete(key);
        reject(new Error(`no ack ${id} in ${namespace} within ${timeout} ms`));
      }, timeout);
      this.closed.then((code) => {
        if (!this.acks.has(key)) return;
        clearTimeout(timer);
        this.acks.delete(key);
        reject(new Error(`connection closed (${code}) before ack ${id} in ${namespace}`));
      });
      this.acks.set(key, (args) => {
        clearTimeout(timer);
        resolve(args);
      });
    });
  }

  /** Resolves with the next received frame that matches (frames already received do not count). */
  next(match: (frame: string | Buffer) => boolean, ms = 3000): Promise<string | Buffer> {
    return new Promise((resolve, reject) => {
      const waiter = {
        match,
        resolve: (frame: string | Buffer) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(frame);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`no matching frame within ${ms} ms`));
      }, ms);
      this.waiters.add(waiter);
    });
  }

  /** Resolves with the arguments of the next `event` in `namespace`. */
  async nextEvent(event: string, namespace = this.namespace, ms = 3000): Promise<unknown[]> {
    const prefix = namespace === '/' ? '42' : `42${namespace},`;
    const frame = await this.next(
      (f) => typeof f === 'string' && f.startsWith(`${prefix}[${JSON.stringify(event)}`),
      ms,
    );
    return (JSON.parse(String(frame).slice(prefix.length)) as unknown[]).slice(1);
  }

  /** Drops the connection (no closing handshake, so nothing waits on the server). */
  close(): void {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.terminate();
  }

  private receive(frame: string | Buffer): void {
    this.frames.push(frame);
    if (frame === '2') this.sendRaw('3');
    if (typeof frame === 'string' && frame.startsWith('43')) this.settleAck(frame);
    for (const waiter of [...this.waiters]) if (waiter.match(frame)) waiter.resolve(frame);
  }

  private settleAck(frame: string): void {
    // 43[/ns,]<id>[args]
    let i = 2;
    let namespace = '/';
    if (frame[i] === '/') {
      const comma = frame.indexOf(',', i);
      namespace = frame.slice(i, comma);
      i = comma + 1;
    }
    const bracket = frame.indexOf('[', i);
    const key = `${namespace}|${frame.slice(i, bracket)}`;
    const settle = this.acks.get(key);
    if (!settle) return;
    this.acks.delete(key);
    settle(JSON.parse(frame.slice(bracket)) as unknown[]);
  }
}
