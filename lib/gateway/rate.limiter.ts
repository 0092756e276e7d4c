import { Logger } from '@nestjs/common';
import type { Socket } from '../interfaces/socket-io.interface.js';
import { logMessages } from '../messages/index.js';
import { remoteAddress } from '../security/refusal.limiter.js';

type Connection = Socket['conn'];

const logger = new Logger('Asynction');

/** A token bucket: `burst` tokens at most, refilled at `rate` per second; one message takes one. */
export class TokenBucket {
  private tokens: number;
  private last = performance.now();
  /** Messages refused in a row since the last one admitted. */
  excess = 0;

  constructor(
    private readonly rate: number,
    private readonly burst: number,
  ) {
    this.tokens = burst;
  }

  /** Takes a token: true when the message may go on. */
  take(): boolean {
    const now = performance.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.rate) / 1000);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens--;
      this.excess = 0;
      return true;
    }
    this.excess++;
    return false;
  }
}

/** One bucket per engine.io connection, shared by every namespace the connection joined (`limits.rateLimit`). */
export class RateLimiter {
  private readonly buckets = new WeakMap<Connection, TokenBucket>();

  constructor(readonly limit: { rate: number; burst: number; disconnectAfter: number }) {}

  bucketOf(socket: Socket): TokenBucket {
    let bucket = this.buckets.get(socket.conn);
    if (!bucket) this.buckets.set(socket.conn, (bucket = new TokenBucket(this.limit.rate, this.limit.burst)));
    return bucket;
  }

  /** Closes the connection of a socket whose bucket stayed empty for `disconnectAfter` messages. */
  close(socket: Socket, trustProxy: number): void {
    logger.warn(logMessages.rateLimitClosed(remoteAddress(socket, trustProxy), this.limit.disconnectAfter));
    socket.conn.close();
  }
}
