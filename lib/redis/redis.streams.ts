import type { ServerOptions } from '../interfaces/socket-io.interface.js';
import { guardClient, type CommandFailure } from './guarded-client.js';
import type { RedisConnection } from './redis.loader.js';
import type { ResolvedRedisOptions } from './redis.options.js';

interface XReader {
  xRead(...args: unknown[]): Promise<unknown>;
}

/** The socket.io server options the mode needs: connection state recovery with `streams`. */
export function streamsServerOptions(options: ResolvedRedisOptions): Partial<ServerOptions> {
  const { mode, recovery } = options;
  if (mode !== 'streams' || recovery === false) return {};
  return {
    connectionStateRecovery: {
      maxDisconnectionDuration: recovery?.maxDisconnectionDuration ?? 120_000,
      skipMiddlewares: recovery?.skipMiddlewares ?? false,
    },
  };
}

/**
 * A connection the Streams adapter duplicates from its client to read the stream and to subscribe, as the adapter
 * gets it: guarded, and closed by the broker (`release`) when the adapter disconnects or destroys it.
 */
export function streamReader(reader: RedisConnection, onFailure: CommandFailure, release: () => void): RedisConnection {
  return guardClient(reader, onFailure, {
    // After app.close() the adapter's read loop would retry on a closed client at once, forever: it waits instead.
    xRead: (...args: unknown[]) =>
      reader.isOpen ? (reader as unknown as XReader).xRead(...args) : new Promise(() => undefined),
    disconnect: release,
    destroy: release,
  });
}
