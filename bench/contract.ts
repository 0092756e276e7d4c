/**
 * The contract between the benchmark harness and a server variant.
 * (Prose version with an example: bench/servers/README.md.)
 *
 * A variant is one ESM module `bench/servers/<name>.ts` (compiled to
 * `build/bench/servers/<name>.js`) that exports
 *
 *     export async function start(opts: BenchServerOptions): Promise<BenchServerHandle>
 *     export const description: string            // optional, one line
 *
 * `start` must, before its promise resolves, be accepting socket.io v4
 * connections (default options: path `/socket.io`, websocket transport
 * enabled, no permessage-deflate) on `opts.host:opts.port` (port 0 = pick a
 * free one; report the real one in the handle) and serve:
 *
 *  - namespace `/bench`,
 *  - inbound event `order` with ONE argument, the payload described by
 *    `opts.asyncapiPath` (channel `/bench`, publish message `order`),
 *    validated against that schema,
 *  - an ack callback: the server calls it with ONE argument
 *    `{ ok: true, id: <payload.id> }` (validated against the `x-ack.args`
 *    schema when the variant claims ack validation).
 *
 * The load generator only sends valid payloads and checks every ack for
 * `"ok":true` and the echoed id; a missing ack stalls a client's window, a
 * wrong one is counted as an error and fails the run.
 *
 * `close()` stops accepting, disconnects clients and resolves when the port is
 * released. The variant must not write to stdout per message (logging off or
 * at warn level); it must not install its own `process.on('message')`
 * handler: the host process (bench/server-host.ts) owns IPC, PORT, readiness,
 * CPU and memory reporting. Variants need no knowledge of any of that.
 */
export interface BenchServerOptions {
  /** Port to listen on; 0 = any free port. Comes from env PORT. */
  port: number;
  /** Interface to bind, always 127.0.0.1 in the harness. */
  host: string;
  /** Absolute path of bench/fixtures/bench.asyncapi.yaml. */
  asyncapiPath: string;
}

export interface BenchServerHandle {
  /** The port actually bound. */
  port: number;
  close(): Promise<void>;
  /**
   * Optional: what a bench asks of this variant besides serving (start broadcasting, say); the host relays each
   * `command` message here and sends back the result. Variants of the message path have none.
   */
  command?(command: unknown): unknown;
}

export interface BenchServerModule {
  start(opts: BenchServerOptions): Promise<BenchServerHandle>;
  description?: string;
}

// ---------------------------------------------------------------------------
// IPC between the runner and a server host (bench/server-host.ts).
// ---------------------------------------------------------------------------

/** host -> runner once `start` resolved (or failed). */
export type HostToRunner =
  | { type: 'ready'; port: number; pid: number; description: string }
  | { type: 'failed'; error: string }
  | { type: 'stats'; reqId: number; stats: ProcStats }
  | { type: 'command-result'; reqId: number; result?: unknown; error?: string }
  | { type: 'stopped' };

/** runner -> host. `gc: true` runs global.gc() first (hosts are forked with --expose-gc). */
export type RunnerToHost =
  | { type: 'stats'; reqId: number; gc?: boolean }
  | { type: 'command'; reqId: number; command: unknown }
  | { type: 'stop' };

export interface ProcStats {
  /** process.cpuUsage(), microseconds since process start. */
  cpu: { user: number; system: number };
  /** process.memoryUsage() subset, bytes. */
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  /** Peak RSS of the process so far (process.resourceUsage().maxRSS), bytes. */
  maxRss: number;
  /** Monotonic clock of the reporting process, milliseconds. */
  now: number;
}

export function procStats(): ProcStats {
  const m = process.memoryUsage();
  return {
    cpu: process.cpuUsage(),
    rss: m.rss,
    heapUsed: m.heapUsed,
    heapTotal: m.heapTotal,
    external: m.external,
    maxRss: process.resourceUsage().maxRSS * 1024,
    now: performance.now(),
  };
}
