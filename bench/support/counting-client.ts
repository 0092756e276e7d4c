/** A raw socket.io client that only listens: it counts the events it receives (broadcast benches). */
import { SocketIoConnection } from './socket-io.connection.js';

export class CountingClient extends SocketIoConnection {
  private stopped = false;

  constructor(
    url: string,
    namespace: string,
    private readonly onEvent: () => void,
    private readonly onLost: (what: string) => void,
  ) {
    super(url, namespace);
  }

  /** Resolves once the namespace is joined. */
  join(timeoutMs = 20_000): Promise<void> {
    return this.handshake(timeoutMs);
  }

  /** Drops the connection without reporting it as lost. */
  stop(): void {
    this.stopped = true;
    this.terminate();
  }

  protected receive(frame: string | Buffer): void {
    if (typeof frame === 'string' && frame.startsWith('42')) this.onEvent();
  }

  protected lost(what: string): void {
    if (!this.stopped) this.onLost(what);
  }
}

/** Opens `n` counting clients on `namespace`, at most `concurrency` handshakes at a time. */
export async function listenMany(
  n: number,
  url: string,
  namespace: string,
  onEvent: () => void,
  onLost: (what: string) => void,
  concurrency = 50,
): Promise<CountingClient[]> {
  const clients: CountingClient[] = [];
  let next = 0;
  const worker = async () => {
    while (next++ < n) {
      const client = new CountingClient(url, namespace, onEvent, onLost);
      await client.join();
      clients.push(client);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, worker));
  return clients;
}
