import type { Server, Socket } from '../interfaces/socket-io.interface.js';

type Connection = Socket['conn'];
type Deliver = (data: unknown) => void;
/** A websocket (the `ws` package's) that can stop and resume reading its TCP socket. */
interface Pausable {
  pause(): void;
  resume(): void;
}

/**
 * The turn of the event loop, advanced by one shared `setImmediate` at the end of every turn in which a message
 * arrived: a connection's count restarts when the turn it was counted in is over, with no timer per connection.
 */
let turn = 0;
let turnEnding = false;
const endTurn = () => {
  turn++;
  turnEnding = false;
};

function pausable(conn: Connection): Pausable | undefined {
  const ws = (conn.transport as { socket?: Partial<Pausable> } | undefined)?.socket;
  return typeof ws?.pause === 'function' && typeof ws.resume === 'function' ? (ws as Pausable) : undefined;
}

/**
 * One connection's share: up to `perTurn` messages are handed to socket.io as they arrive; more in the same turn
 * wait in a queue, drained `perTurn` at a time on later turns, while the websocket is not read (so the flood waits
 * in the sender's TCP buffers, not in this process).
 */
class Share {
  private count = 0;
  private countedIn = -1;
  private queue: unknown[] | undefined;
  private head = 0;
  private paused: Pausable | undefined;
  private readonly drain = () => this.drainSome();

  constructor(
    private readonly conn: Connection,
    private readonly deliver: Deliver,
    private readonly perTurn: number,
  ) {}

  /** engine.io's `data` event: a decoded engine.io message, the input of socket.io's packet decoder. */
  readonly onData = (data: unknown): void => {
    if (this.queue !== undefined) {
      this.queue.push(data);
      return;
    }
    if (!turnEnding) {
      turnEnding = true;
      setImmediate(endTurn);
    }
    if (this.countedIn !== turn) {
      this.countedIn = turn;
      this.count = 0;
    }
    if (++this.count <= this.perTurn) return this.deliver(data);
    this.queue = [data];
    this.head = 0;
    this.paused = pausable(this.conn);
    this.paused?.pause();
    setImmediate(this.drain);
  };

  private drainSome(): void {
    const queue = this.queue!;
    if (this.conn.readyState !== 'open') {
      this.queue = undefined;
      return;
    }
    this.countedIn = turn;
    this.count = 0;
    while (this.head < queue.length && this.count < this.perTurn && this.conn.readyState === 'open') {
      this.count++;
      this.deliver(queue[this.head++]);
    }
    if (this.head < queue.length && this.conn.readyState === 'open') {
      setImmediate(this.drain);
      return;
    }
    this.queue = undefined;
    this.paused?.resume();
    this.paused = undefined;
  }
}

/**
 * Gives every connection of a socket.io server a bounded slice of the event loop (`limits.fairShare`). A websocket
 * frame batch is read and decoded synchronously, so without this one flooding client's thousands of messages run
 * before anyone else's next one. It sits between engine.io and socket.io: socket.io's own `data` listener of each
 * connection is moved behind a `Share`, for every namespace and gateway of the server alike.
 */
export class FairShare {
  private readonly servers = new WeakSet<Server>();

  constructor(private readonly perTurn: number) {}

  /** Installs on the server's engine once; connections accepted from then on get their share. */
  install(server: Server): void {
    if (this.perTurn === 0 || this.servers.has(server)) return;
    this.servers.add(server);
    // socket.io's own `connection` listener (registered when the engine was bound) has run by then.
    server.engine.on('connection', (conn: Connection) => this.share(conn));
  }

  private share(conn: Connection): void {
    const listeners = conn.listeners('data');
    // Only socket.io's own listener is known to be safe to defer; anything else is left as it is.
    if (listeners.length !== 1) return;
    const deliver = listeners[0] as Deliver;
    conn.removeListener('data', deliver);
    conn.on('data', new Share(conn, deliver, this.perTurn).onData);
  }
}
