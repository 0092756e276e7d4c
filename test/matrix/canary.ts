import { setTimeout as sleep } from 'node:timers/promises';
import type { Socket as ClientSocket } from 'socket.io-client';

/**
 * A well-behaved client that keeps sending valid `order`s with acks, one every few milliseconds, while the matrix
 * sends bad input on other connections: every ack must arrive, in time and correct.
 */
export class Canary {
  /** Acks that arrived and were correct. */
  ok = 0;
  /** Everything that went wrong: a timeout, a wrong ack. */
  readonly failures: string[] = [];
  /** Round trips in milliseconds, with the time each one started (performance.now()). */
  readonly trips: Array<{ start: number; ms: number }> = [];
  private running = true;
  private readonly loop: Promise<void>;

  constructor(
    private readonly socket: ClientSocket,
    private readonly timeout = 5000,
    private readonly gap = 2,
  ) {
    this.loop = this.run();
  }

  /** Resolves once at least one more ack than `since` arrived; rejects after `ms`. */
  async advanced(since: number, ms = 6000): Promise<void> {
    const deadline = performance.now() + ms;
    while (this.ok <= since) {
      if (performance.now() > deadline)
        throw new Error(`the canary got no ack within ${ms} ms (${this.failures.length} failures)`);
      await sleep(2);
    }
  }

  /** The p-th percentile (0..100) of the round trips started between `from` and `to`. */
  percentile(p: number, from = 0, to = Infinity): number {
    const times = this.trips
      .filter((trip) => trip.start >= from && trip.start <= to)
      .map((trip) => trip.ms)
      .sort((a, b) => a - b);
    if (times.length === 0) return NaN;
    return times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)];
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  private async run(): Promise<void> {
    for (let id = 1; this.running; id++) {
      const start = performance.now();
      try {
        const ack = (await this.socket
          .timeout(this.timeout)
          .emitWithAck('order', { id, name: 'canary', side: 'buy' })) as unknown;
        const ms = performance.now() - start;
        if (JSON.stringify(ack) === JSON.stringify({ accepted: true, id })) {
          this.ok++;
          this.trips.push({ start, ms });
        } else {
          this.failures.push(`order ${id}: wrong ack ${JSON.stringify(ack)}`);
        }
      } catch (error) {
        this.failures.push(`order ${id}: ${(error as Error).message}`);
      }
      await sleep(this.gap);
    }
  }
}
