/**
 * What the fair share (lib/gateway/fair-share.ts) adds to each message on the ordinary path, measured in-process
 * where machine noise cannot hide it: engine.io `data` events delivered to a stand-in for socket.io's listener,
 * `--batch` per turn of the event loop (below `fairShare`, as for any client that waits for its acks), with the
 * share installed and without, alternated --rounds times. Reports ns per message for both and the difference as a
 * share of the library's measured message cost (--message-us, server µs per message from `npm run bench`).
 *
 *   npx tsc -p tsconfig.json && node build/bench/fair-share-overhead.js [--messages 2000000] [--batch 10]
 *     [--rounds 7] [--message-us 9.5]
 */
import { EventEmitter } from 'node:events';
import type { Server } from '../lib/interfaces/socket-io.interface.js';
import { FairShare } from '../lib/gateway/fair-share.js';
import { Flags, fmt } from './support/cli.js';
import { median } from './support/stats.js';

let sink = 0;
/** socket.io's `data` listener, reduced to touching its argument. */
const deliver = (data: unknown) => {
  sink += (data as string).length;
};

function connection(shared: boolean): EventEmitter {
  const conn = Object.assign(new EventEmitter(), { readyState: 'open', transport: {} });
  conn.on('data', deliver);
  if (shared) {
    const engine = new EventEmitter();
    new FairShare(32).install({ engine } as unknown as Server);
    engine.emit('connection', conn);
  }
  return conn;
}

/** ns per message for `messages` data events, `batch` per turn. */
function run(conn: EventEmitter, messages: number, batch: number): Promise<number> {
  const turns = Math.ceil(messages / batch);
  const start = process.hrtime.bigint();
  return new Promise((resolve) => {
    let turn = 0;
    const step = () => {
      for (let i = 0; i < batch; i++) conn.emit('data', '42/bench,1["order",{}]');
      if (++turn < turns) setImmediate(step);
      else resolve(Number(process.hrtime.bigint() - start) / (turns * batch));
    };
    step();
  });
}

async function main(): Promise<void> {
  const f = new Flags(process.argv.slice(2), ['messages', 'batch', 'rounds', 'message-us']);
  const messages = Math.round(f.num('messages', 2_000_000));
  const batch = Math.max(1, Math.round(f.num('batch', 10)));
  const rounds = Math.max(1, Math.round(f.num('rounds', 7)));
  const messageUs = f.num('message-us', 9.5);
  const plain = connection(false);
  const shared = connection(true);
  await run(plain, messages / 4, batch); // warm-up
  await run(shared, messages / 4, batch);
  const without: number[] = [];
  const withShare: number[] = [];
  for (let i = 0; i < rounds; i++) {
    without.push(await run(plain, messages, batch));
    withShare.push(await run(shared, messages, batch));
  }
  const extra = median(withShare.map((ns, i) => ns - without[i]!));
  console.log(
    `${messages} messages × ${rounds} rounds, ${batch} per turn: without the share ${fmt(median(without), 1)} ns/msg, ` +
      `with ${fmt(median(withShare), 1)} ns/msg; paired difference ${fmt(extra, 1)} ns/msg = ` +
      `${fmt((extra / (messageUs * 1000)) * 100, 2)}% of a ${messageUs} µs message (sink ${sink > 0})`,
  );
}

void main();
