import { namespacePrefix, SocketIoConnection, socketIoUrl } from '../../bench/support/socket-io.connection.js';

/**
 * The tests' raw socket.io client, on the connection the benchmark's load generator uses too: it can send anything
 * at all (malformed packets, binary frames, attachments), keeps every frame the server answers, and awaits acks,
 * events and frames by what they contain.
 */
export class RawClient extends SocketIoConnection {
  /** Every frame received after the namespace was joined, in order (text as strings, binary as Buffers). */
  readonly frames: Array<string | Buffer> = [];
  private nextAckId = 0;
  private readonly acks = new Map<string, (args: unknown[]) => void>();
  private readonly waiters = new Set<{
    match: (frame: string | Buffer) => boolean;
    resolve: (frame: string | Buffer) => void;
  }>();

  /** Opens the engine.io connection and joins `namespace`, the default of `emit` and `nextEvent`. */
  static async connect(port: number, namespace = '/', ms = 3000): Promise<RawClient> {
    const client = new RawClient(socketIoUrl(port), namespace);
    await client.handshake(ms);
    return client;
  }

  /** Opens the engine.io connection only, joining no namespace: `join` sends the CONNECT packets. */
  static async open(port: number, ms = 3000): Promise<RawClient> {
    const client = new RawClient(socketIoUrl(port), '');
    await client.handshake(ms);
    return client;
  }

  /**
   * Sends a namespace CONNECT on this connection, with `auth` as its payload (socket.io's `handshake.auth`), and
   * resolves once it is accepted (`40`); rejects with the refusal (`44`), or when the connection closes first.
   */
  async join(namespace: string, ms = 3000, auth?: object): Promise<void> {
    const prefix = namespacePrefix(namespace);
    const answer = this.next(
      (f) => typeof f === 'string' && (f.startsWith(`40${prefix}{`) || f.startsWith(`44${prefix}{`)),
      ms,
    );
    answer.catch(() => undefined); // the race below may settle first, on a close
    this.sendRaw(`40${prefix}${auth === undefined ? '' : JSON.stringify(auth)}`);
    const frame = String(await Promise.race([answer, this.closed.then((code) => `closed ${code}`)]));
    if (!frame.startsWith('40')) throw new Error(`namespace ${namespace} refused: ${frame}`);
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
    const prefix = namespacePrefix(ns);
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
    this.terminate();
  }

  protected lost(): void {
    // `closed` resolves, and with it every pending ack rejects.
  }

  protected receive(frame: string | Buffer): void {
    this.frames.push(frame);
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
