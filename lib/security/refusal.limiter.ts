import { Logger } from '@nestjs/common';
import type { Socket } from '../interfaces/socket-io.interface.js';
import { clientMessages, logMessages } from '../messages/index.js';
import type { ResolvedLimits } from './limits.resolver.js';

type Connection = Socket['conn'];

/** Addresses remembered at most; beyond, the expired ones go first, then the oldest. */
const MAX_ADDRESSES = 10_000;

const logger = new Logger('Asynction');

/**
 * The remote address of a handshake: the TCP peer's, or with `trustProxy` n, the n-th address from the right of
 * `X-Forwarded-For` (what the outermost trusted proxy saw; entries further left are the client's own words).
 */
export function remoteAddress(socket: Socket, trustProxy: number): string {
  const peer = socket.handshake.address;
  if (trustProxy === 0) return peer;
  const header = socket.handshake.headers['x-forwarded-for'];
  const list = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',');
  const hops = list.map((entry) => entry.trim()).filter(Boolean);
  return hops.length === 0 ? peer : hops[Math.max(0, hops.length - trustProxy)];
}

/**
 * Bounds credential guessing: counts refused namespace connections per engine.io connection (socket.io multiplexes
 * namespaces, so one websocket can carry any number of attempts) and, optionally, per remote address in a window.
 * A connection that reaches its limit is closed once its last refusal is sent; an address that reaches its limit is
 * refused unchecked until its window ends.
 */
export class RefusalLimiter {
  private readonly perConnection = new WeakMap<Connection, number>();
  private readonly perAddress = new Map<string, { count: number; until: number }>();

  constructor(private readonly limits: ResolvedLimits) {}

  /** The refusal of an attempt that is not checked at all, or undefined to check it. */
  blocked(socket: Socket, namespace: string): Error | undefined {
    const over =
      (this.perConnection.get(socket.conn) ?? 0) >= this.limits.refusalsPerConnection ||
      (this.limits.refusalsPerAddress > 0 && this.addressBlocked(socket));
    return over ? new Error(clientMessages.connectRefused(namespace, clientMessages.tooManyRefusals)) : undefined;
  }

  /** Counts one refusal; the one that reaches the connection's limit closes it after the refusal went out. */
  refused(socket: Socket): void {
    const conn = socket.conn;
    const count = (this.perConnection.get(conn) ?? 0) + 1;
    this.perConnection.set(conn, count);
    if (count === this.limits.refusalsPerConnection) {
      logger.warn(logMessages.refusalsClosed(remoteAddress(socket, this.limits.trustProxy), count));
      // socket.io writes the refusal on the next tick; the close waits for it to be flushed.
      setImmediate(() => conn.close());
    }
    if (this.limits.refusalsPerAddress > 0) this.countAddress(socket);
  }

  private addressBlocked(socket: Socket): boolean {
    const entry = this.perAddress.get(remoteAddress(socket, this.limits.trustProxy));
    return entry !== undefined && entry.until > Date.now() && entry.count >= this.limits.refusalsPerAddress;
  }

  private countAddress(socket: Socket): void {
    const address = remoteAddress(socket, this.limits.trustProxy);
    const now = Date.now();
    let entry = this.perAddress.get(address);
    if (!entry || entry.until <= now) {
      if (!entry && this.perAddress.size >= MAX_ADDRESSES) this.forget(now);
      entry = { count: 0, until: now + this.limits.refusalWindow };
      this.perAddress.set(address, entry);
    }
    entry.count++;
    if (entry.count === this.limits.refusalsPerAddress) {
      logger.warn(logMessages.addressBlocked(address, entry.count, this.limits.refusalWindow));
    }
  }

  private forget(now: number): void {
    for (const [address, entry] of this.perAddress) if (entry.until <= now) this.perAddress.delete(address);
    for (const address of this.perAddress.keys()) {
      if (this.perAddress.size < MAX_ADDRESSES) break;
      this.perAddress.delete(address);
    }
  }
}
