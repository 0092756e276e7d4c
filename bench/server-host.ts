/**
 * Child process that runs ONE server variant for the runner:
 *
 *   fork('build/bench/server-host.js', [<variant name>], { env: { PORT: '0' } })
 *
 * Imports ./servers/<name>.js, calls its start() (see ./contract.ts), then
 * speaks the IPC protocol of contract.ts: 'ready' with the bound port, and
 * 'stats' replies (process.cpuUsage(), process.memoryUsage()) on request.
 * Exits on 'stop' or when the parent goes away.
 */
import {
  procStats,
  type BenchServerHandle,
  type BenchServerModule,
  type HostToRunner,
  type RunnerToHost,
} from './contract.js';
import { ASYNCAPI_PATH } from './support/fixture.js';

const send = (msg: HostToRunner) => process.send?.(msg);

async function main(): Promise<void> {
  const name = process.argv[2];
  if (!name || !/^[\w.-]+$/.test(name)) throw new Error(`usage: server-host.js <variant>; got ${name}`);
  if (!process.send) throw new Error('server-host.js must be started with child_process.fork');
  const mod = (await import(`./servers/${name}.js`)) as BenchServerModule;
  if (typeof mod.start !== 'function') throw new Error(`servers/${name}.js exports no start()`);

  let handle: BenchServerHandle | undefined = undefined;
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    const timer = setTimeout(() => process.exit(code), 3000);
    timer.unref();
    try {
      await handle?.close();
    } catch {
      /* exiting anyway */
    }
    send({ type: 'stopped' });
    process.exit(code);
  };

  process.on('message', (msg: RunnerToHost) => {
    if (msg.type === 'stats') {
      if (msg.gc && typeof globalThis.gc === 'function') {
        globalThis.gc();
        globalThis.gc();
      }
      send({ type: 'stats', reqId: msg.reqId, stats: procStats() });
    } else if (msg.type === 'command') {
      const reqId = msg.reqId;
      Promise.resolve()
        .then(() => {
          if (!handle?.command) throw new Error(`variant ${name} takes no commands`);
          return handle.command(msg.command);
        })
        .then(
          (result) => send({ type: 'command-result', reqId, result }),
          (error: unknown) => send({ type: 'command-result', reqId, error: String(error) }),
        );
    } else if (msg.type === 'stop') {
      void stop(0);
    }
  });
  process.on('disconnect', () => void stop(0));

  handle = await mod.start({
    port: Number(process.env.PORT ?? 0),
    host: '127.0.0.1',
    asyncapiPath: ASYNCAPI_PATH,
  });
  send({ type: 'ready', port: handle.port, pid: process.pid, description: mod.description ?? '' });
}

main().catch((err) => {
  send({ type: 'failed', error: String(err?.stack ?? err) });
  setTimeout(() => process.exit(1), 100);
});
