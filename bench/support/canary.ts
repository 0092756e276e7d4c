import { NAMESPACE, EVENT } from './fixture.js';
import { LeanClient, orderTemplate } from './lean-client.js';
import { socketIoUrl } from './socket-io.connection.js';

/**
 * The client whose round trips a flood or a storm must not starve: one `order` with its ack at a time on
 * `/bench`, with `auth` in its CONNECT packet when given. Bad acks and connection problems are kept in `problems`.
 */
export class Canary {
  private readonly waiting = new Map<number, () => void>();
  private readonly client: LeanClient;
  private readonly template = orderTemplate(NAMESPACE, EVENT);
  readonly problems: string[] = [];

  constructor(port: number, auth?: Record<string, unknown>) {
    this.client = new LeanClient(
      socketIoUrl(port),
      NAMESPACE,
      {
        onAck: (_client, ackId, ok) => {
          if (!ok) this.problems.push(`bad ack ${ackId}`);
          this.waiting.get(ackId)?.();
          this.waiting.delete(ackId);
        },
        onProblem: (_client, what) => this.problems.push(what),
      },
      auth,
    );
  }

  connect(): Promise<void> {
    return this.client.connect();
  }

  /** One round trip, in milliseconds. */
  async trip(): Promise<number> {
    const id = this.client.takeAckId();
    const start = performance.now();
    await new Promise<void>((resolve) => {
      this.waiting.set(id, resolve);
      this.client.sendFrame(this.template.frame(id));
    });
    return performance.now() - start;
  }

  close(): void {
    this.client.close();
  }
}
