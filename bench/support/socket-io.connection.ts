import WebSocket from 'ws';

/** The socket.io endpoint of a server, engine.io v4 over the websocket transport only. */
export const socketIoUrl = (port: number, host = '127.0.0.1') =>
  `ws://${host}:${port}/socket.io/?EIO=4&transport=websocket`;

/** What stands between a packet's type and its body: `/ns,`, or nothing for the main namespace. */
export const namespacePrefix = (namespace: string) => (namespace === '/' ? '' : `${namespace},`);

/**
 * A raw socket.io client connection: socket.io protocol v5 over engine.io v4, over `ws`, websocket transport only.
 * It opens the connection, joins one namespace and answers pings; what the frames after that mean is the
 * subclass's business. The benchmark's load generator spends far less CPU per message through it than the server
 * under test (socket.io-client would spend about as much as the server), and tests send anything at all through
 * it (malformed packets, binary frames, attachments).
 *
 *   <- 0{"sid":..,"pingInterval":..}     engine.io OPEN
 *   -> 40/ns,                            socket.io CONNECT (`40` for `/`)
 *   <- 40/ns,{"sid":..}                  connected (`44/ns,{..}` refused)
 *   -> 42/ns,<id>["event",...args]       EVENT, asking for an ack when an id is given
 *   <- 43/ns,<id>[...args]               ACK
 *   <- 2   -> 3                          engine.io ping / pong
 */
export abstract class SocketIoConnection {
  /** Resolves with the WebSocket close code once the socket is closed, by either side. */
  readonly closed: Promise<number>;
  protected readonly ws: WebSocket;
  private closeCode: number | undefined;

  protected constructor(
    url: string,
    /** The namespace joined by `handshake`; `''` joins none (the engine.io connection only). */
    readonly namespace: string,
    /** The CONNECT packet's payload, socket.io's `handshake.auth` (e.g. `{ token }`). */
    private readonly auth?: object,
    /** Headers of the upgrade request (an `authorization` header, say). */
    headers?: Record<string, string>,
  ) {
    // Text frames are checked by the caller where it matters; ws's UTF-8 check is CPU the load generator lacks.
    this.ws = new WebSocket(url, { perMessageDeflate: false, skipUTF8Validation: true, headers });
    this.closed = new Promise((resolve) =>
      this.ws.once('close', (code: number) => {
        this.closeCode = code;
        resolve(code);
      }),
    );
  }

  /** Whether the socket is still open. */
  get open(): boolean {
    return this.closeCode === undefined && this.ws.readyState === WebSocket.OPEN;
  }

  /** Sends one WebSocket frame exactly as given. */
  sendRaw(frame: string | Buffer): void {
    this.ws.send(frame, { binary: typeof frame !== 'string' });
  }

  /** Drops the connection (no closing handshake, so nothing waits on the server). */
  terminate(): void {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.terminate();
  }

  /** Every frame after the namespace was joined, pings included (already answered). */
  protected abstract receive(frame: string | Buffer): void;

  /** A WebSocket error or close after the namespace was joined. */
  protected abstract lost(what: string): void;

  /**
   * Opens the connection and joins `namespace` (none for `''`); rejects on refusal (`44`), on close, or after
   * `timeout` ms.
   */
  protected handshake(timeout: number): Promise<void> {
    const prefix = namespacePrefix(this.namespace);
    return new Promise((resolve, reject) => {
      let joined = false;
      const fail = (why: string) => {
        if (joined) return;
        joined = true;
        clearTimeout(timer);
        this.ws.terminate();
        reject(new Error(`${this.namespace}: ${why}`));
      };
      const timer = setTimeout(() => fail(`not joined within ${timeout} ms`), timeout);
      this.ws.on('error', (error) => (joined ? this.lost(`ws error ${error.message}`) : fail(error.message)));
      this.ws.on('close', (code) =>
        joined ? this.lost(`closed (${code})`) : fail(`closed (${code}) during handshake`),
      );
      this.ws.on('message', (data: Buffer, isBinary: boolean) => {
        const frame = isBinary ? data : data.toString();
        if (frame === '2') this.ws.send('3');
        if (joined) return this.receive(frame);
        if (typeof frame !== 'string' || frame === '2') return;
        if (frame.startsWith('0{') && this.namespace === '') {
          joined = true;
          clearTimeout(timer);
          resolve();
        } else if (frame.startsWith('0{')) {
          this.ws.send(`40${prefix}${this.auth ? JSON.stringify(this.auth) : ''}`);
        } else if (frame.startsWith(`40${prefix}{`)) {
          joined = true;
          clearTimeout(timer);
          resolve();
        } else if (frame.startsWith(`44${prefix}{`)) {
          fail(`namespace refused: ${frame}`);
        } else {
          fail(`unexpected handshake packet ${frame.slice(0, 80)}`);
        }
      });
    });
  }
}
