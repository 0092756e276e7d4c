/**
 * Soak: at least one million validated messages through one instance, and the server's heap after GC compared with
 * where it started (after a warm-up), sampled along the way.
 *
 *   npx tsc -p tsconfig.json && node build/bench/soak.js [--variant nestjs-asynction] [--messages 1000000]
 *     [--clients 10] [--window 10]
 */
import type { ProcStats } from './contract.js';
import type { LoadgenSnapshot } from './support/loadgen-protocol.js';
import { LoadgenProc, ServerProc, sleep } from './support/procs.js';

const args = process.argv.slice(2);
const flag = (name: string, dflt: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : dflt;
};
const variant = flag('--variant', 'nestjs-asynction');
const total = Number(flag('--messages', '1000000'));
const clients = Number(flag('--clients', '10'));
const window = Number(flag('--window', '10'));
const warmup = Math.min(100_000, Math.floor(total / 10));
const MB = 2 ** 20;

async function run(): Promise<void> {
  const server = await ServerProc.start(variant);
  const loadgen = new LoadgenProc();
  try {
    await loadgen.request({ type: 'connect', port: server.port, clients });
    const acked = async () => (await loadgen.request<LoadgenSnapshot>({ type: 'snapshot' })).acked;
    const saturateUntil = async (target: number, onSample?: (n: number) => Promise<void>) => {
      const running = loadgen.request({ type: 'saturate', window });
      let next = 0;
      for (let n = await acked(); n < target; n = await acked()) {
        if (onSample && n >= next) {
          await onSample(n);
          next = n + Math.ceil(total / 10);
        }
        await sleep(250);
      }
      await loadgen.request({ type: 'drain', timeoutMs: 10_000 });
      await running;
    };
    const started = performance.now();
    await saturateUntil(warmup);
    const base: ProcStats = await server.stats(true);
    console.log(
      `${variant}: warm-up of ${warmup.toLocaleString()} messages done; heap after GC ${(base.heapUsed / MB).toFixed(2)} MB, RSS ${(base.rss / MB).toFixed(1)} MB`,
    );
    console.log('acked messages   heap after GC MB   vs start   RSS MB');
    await saturateUntil(warmup + total, async (n) => {
      const s = await server.stats(true);
      console.log(
        `${n.toLocaleString().padStart(14)}   ${(s.heapUsed / MB).toFixed(2).padStart(16)}   ${(s.heapUsed / base.heapUsed).toFixed(3).padStart(8)}   ${(s.rss / MB).toFixed(1).padStart(6)}`,
      );
    });
    const snapshot = await loadgen.request<LoadgenSnapshot>({ type: 'snapshot' });
    await sleep(500);
    const end = await server.stats(true);
    const ratio = end.heapUsed / base.heapUsed;
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `${variant}: ${(snapshot.acked - warmup).toLocaleString()} validated messages after warm-up (${snapshot.badAcks} bad acks) in ${seconds.toFixed(0)} s; ` +
        `heap after GC ${(base.heapUsed / MB).toFixed(2)} -> ${(end.heapUsed / MB).toFixed(2)} MB (x${ratio.toFixed(3)}), RSS ${(end.rss / MB).toFixed(1)} MB`,
    );
    console.log(ratio <= 1.1 && snapshot.badAcks === 0 ? 'soak: PASS (heap within 10% of the start)' : 'soak: FAIL');
    if (ratio > 1.1 || snapshot.badAcks > 0) process.exitCode = 1;
  } finally {
    await loadgen.exit();
    await server.stop();
  }
}

await run();
