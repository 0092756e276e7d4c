/**
 * Startup cost of a large document: reading it (`readDocument`: load, resolve, official-schema and semantic checks,
 * model, schema compilation) and starting the Nest application that serves it (`forRoot` + `app.init()`, which reads
 * it the same way), for AsyncAPI 2.6 and 3.0, with the official-schema check off, on with an empty validator cache
 * (the first start), and on with the cache filled (every later start; see
 * lib/document/official-schema/official-schema.validators.ts).
 * Each variant runs in a fresh process, as an application starts.
 *
 *     npx tsc -p tsconfig.json && node build/bench/startup-official-check.js [channels=1000] [runs=5]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const NAMESPACES = 10;

const payload = (i: number) => ({
  type: 'object',
  required: ['id', 'text'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    text: { type: 'string', maxLength: 200 },
    n: { type: 'integer', minimum: i % 7 },
  },
});

/** `channels` events in 10 namespaces (`room<k>/event<i>`), each received with an acknowledgement. */
function generate(version: 2 | 3, channels: number): object {
  const namespaces = Object.fromEntries(
    Array.from({ length: NAMESPACES }, (_, k) => [`/room${k}`, { description: `room ${k}` }]),
  );
  const info = { title: 'Generated', version: '1.0.0' };
  if (version === 2) {
    const doc: Record<string, any> = { asyncapi: '2.6.0', info, 'x-namespaces': namespaces, channels: {} };
    for (let i = 0; i < channels; i++) {
      doc.channels[`room${i % NAMESPACES}/event${i}`] = {
        publish: {
          operationId: `onEvent${i}`,
          message: { name: `event${i}`, payload: payload(i), 'x-ack': { args: { type: 'boolean' } } },
        },
      };
    }
    return doc;
  }
  const doc: Record<string, any> = {
    asyncapi: '3.0.0',
    info,
    'x-namespaces': namespaces,
    channels: {},
    operations: {},
  };
  for (let i = 0; i < channels; i++) {
    doc.channels[`event${i}`] = {
      address: `room${i % NAMESPACES}/event${i}`,
      messages: { [`event${i}`]: { payload: payload(i) } },
    };
    doc.channels[`ack${i}`] = { address: null, messages: { ok: { payload: { type: 'boolean' } } } };
    doc.operations[`onEvent${i}`] = {
      action: 'receive',
      channel: { $ref: `#/channels/event${i}` },
      reply: { channel: { $ref: `#/channels/ack${i}` } },
    };
  }
  return doc;
}

interface Sample {
  importMs: number;
  readMs: number;
  startMs: number;
  problems: number;
}

type Variant = 'off' | 'cold' | 'warm';

/** One fresh process: import the library, read the document, start an app whose provider handles every operation. */
async function child(file: string, officialSchema: boolean, channels: number): Promise<Sample> {
  let t = performance.now();
  await import('reflect-metadata');
  const [{ readDocument }, lib, { NestFactory }, common] = await Promise.all([
    import('../lib/document/document.reader.js'),
    import('../lib/index.js'),
    import('@nestjs/core'),
    import('@nestjs/common'),
  ]);
  const importMs = performance.now() - t;
  t = performance.now();
  const document = readDocument(file, { validation: true, perspective: 'client', officialSchema });
  const readMs = performance.now() - t;

  class Handlers {}
  for (let i = 0; i < channels; i++) {
    const method = () => true;
    Object.defineProperty(Handlers.prototype, `onEvent${i}`, { value: method, writable: true, configurable: true });
    lib.AsyncOperation(`onEvent${i}`)(Handlers.prototype, `onEvent${i}`, { value: method });
  }
  common.Injectable()(Handlers);
  t = performance.now();
  // `officialSchema` is an internal reading option (measurement only), passed through forRoot's options.
  const options = { spec: file, officialSchema } as Parameters<typeof lib.AsynctionModule.forRoot>[0];
  class Root {}
  common.Module({ imports: [lib.AsynctionModule.forRoot(options)], providers: [Handlers] })(Root);
  const app = await NestFactory.create(Root, { logger: false });
  await app.init();
  const startMs = performance.now() - t;
  await app.close();
  return { importMs, readMs, startMs, problems: document.problems.length };
}

function sample(self: string, file: string, official: boolean, channels: number, cacheDir: string): Sample {
  const env = { ...process.env, ASYNCTION_CACHE_DIR: cacheDir };
  const out = spawnSync(process.execPath, [self, '--child', file, String(official), String(channels)], {
    encoding: 'utf8',
    env,
  });
  if (out.status !== 0) throw new Error(out.stderr);
  return JSON.parse(out.stdout) as Sample;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function main(): Promise<void> {
  const [mode, file, official, n] = process.argv.slice(2);
  if (mode === '--child') {
    process.stdout.write(JSON.stringify(await child(file!, official === 'true', Number(n))));
    return;
  }
  const channels = Number(process.argv[2] ?? 1000);
  const runs = Number(process.argv[3] ?? 5);
  const dir = mkdtempSync(join(tmpdir(), 'asynction-startup-'));
  const self = fileURLToPath(import.meta.url);
  const ms = (v: number) => `${v.toFixed(0).padStart(5)} ms`;
  try {
    console.log(
      `startup, ${channels} channels in ${NAMESPACES} namespaces, median of ${runs} fresh processes (node ${process.version})`,
    );
    console.log('  document     official check          import   readDocument   forRoot + app.init');
    const labels: Record<Variant, string> = {
      off: 'off                 ',
      cold: 'on, empty cache     ',
      warm: 'on, cache filled    ',
    };
    for (const version of [2, 3] as const) {
      const file = join(dir, `generated-${version}.json`);
      writeFileSync(file, JSON.stringify(generate(version, channels)));
      for (const variant of ['off', 'cold', 'warm'] as const) {
        const samples: Sample[] = [];
        for (let r = 0; r < runs; r++) {
          const cache = join(dir, `cache-${version}-${variant}-${r}`);
          if (variant === 'warm') sample(self, file, true, channels, cache); // fills the cache
          samples.push(sample(self, file, variant !== 'off', channels, cache));
        }
        if (samples[0]!.problems > 0) throw new Error(`the generated ${version}.x document has problems`);
        const m = (k: keyof Sample) => median(samples.map((s) => s[k]));
        console.log(
          `  AsyncAPI ${version}   ${labels[variant]}  ${ms(m('importMs'))}  ${ms(m('readMs'))}      ${ms(m('startMs'))}`,
        );
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
