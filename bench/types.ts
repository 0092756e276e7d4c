/**
 * `asynction types` on a large document: a generated document of N channels (default 1,000) in two shapes, as
 * bench/startup.ts builds them (every channel an event of one namespace; every channel its own namespace), each
 * inbound event with a payload that references a shared component, an inline object and an ack, and one outbound
 * event per ten channels. Per repetition, in fresh processes run side by side: `asynction validate` (the same
 * reading, the baseline) and `asynction types -o` (reading + generating + writing), end to end as a user runs them;
 * then, in this process, reading and generating timed apart, and tsc (strict, the project's settings) on the
 * generated file with lib/ (one program: the library's own types are part of that time).
 *
 *   npx tsc -p tsconfig.json && node build/bench/types.js [--channels 1000] [--reps 3]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateTypes } from '../lib/codegen/index.js';
import { readDocument } from '../lib/document/document.reader.js';

type Shape = 'events' | 'namespaces';

function generate(size: number, shape: Shape): Record<string, unknown> {
  const channels: Record<string, unknown> = {};
  for (let i = 0; i < size; i++) {
    const publish = {
      operationId: `op_${i}`,
      message: {
        name: `event_${i}`,
        payload: {
          type: 'object',
          additionalProperties: false,
          required: ['id', 'item'],
          properties: {
            id: { type: 'integer', description: `The id of event ${i}` },
            item: { $ref: '#/components/schemas/Item' },
            tags: { type: 'array', items: { type: 'string' } },
            kind: { type: 'string', enum: ['a', 'b', 'c'] },
          },
        },
        'x-ack': { args: { type: 'object', required: ['ok'], properties: { ok: { type: 'boolean' } } } },
      },
    };
    const subscribe =
      i % 10 === 0 ? { message: { name: `event_${i}`, payload: { $ref: '#/components/schemas/Item' } } } : undefined;
    const channel = { publish, ...(subscribe ? { subscribe } : {}) };
    if (shape === 'events') channels[`orders/event_${i}`] = channel;
    else channels[`/ns_${i}`] = channel;
  }
  return {
    asyncapi: '2.6.0',
    info: { title: `types ${size}`, version: '1.0.0' },
    ...(shape === 'events' ? { 'x-namespaces': { '/orders': {} } } : {}),
    channels,
    components: {
      schemas: {
        Item: {
          type: 'object',
          required: ['sku'],
          properties: {
            sku: { type: 'string' },
            price: { type: ['number', 'null'] },
            parent: { $ref: '#/components/schemas/Item' },
          },
        },
      },
    },
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const root = fileURLToPath(new URL('../../', import.meta.url));
const cli = join(root, 'build/lib/cli/asynction.js');

function timed(args: string[]): number {
  const t0 = performance.now();
  const run = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', cwd: root });
  const ms = performance.now() - t0;
  if (run.status !== 0) throw new Error(`asynction ${args.join(' ')} failed:\n${run.stderr}${run.stdout}`);
  return ms;
}

function main(): void {
  const args = process.argv.slice(2);
  const flag = (name: string, dflt: string) => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1]! : dflt;
  };
  const size = Number(flag('--channels', '1000'));
  const reps = Number(flag('--reps', '3'));
  const dir = mkdtempSync(join(tmpdir(), 'asynction-bench-types-'));
  // tsc checks the generated file inside the repository, where `nestjs-asynction` maps to lib/ as in a user's program.
  const checkDir = join(root, 'build/tsc/bench-types');
  mkdirSync(checkDir, { recursive: true });
  const tsconfig = {
    extends: join(root, 'tsconfig.json'),
    compilerOptions: { noEmit: true, rootDir: root, paths: { 'nestjs-asynction': [join(root, 'lib/index.ts')] } },
    include: [join(checkDir, 'asyncapi.types.ts')],
    exclude: [],
  };
  writeFileSync(join(checkDir, 'tsconfig.json'), JSON.stringify(tsconfig));
  try {
    console.log(`asynction types, ${size} channels, median of ${reps} (node ${process.version})`);
    console.log('shape        validate ms   types ms   types/validate   read ms   generate ms   output KB   tsc ms');
    for (const shape of ['events', 'namespaces'] as Shape[]) {
      const spec = join(dir, `${shape}.json`);
      writeFileSync(spec, JSON.stringify(generate(size, shape)));
      const out = join(dir, `${shape}.types.ts`);
      const rows: Array<{ validate: number; types: number; read: number; generate: number; tsc: number }> = [];
      for (let r = 0; r < reps; r++) {
        // Paired and alternated, so a busy moment of the machine weighs on both.
        const pair =
          r % 2 === 0
            ? [timed(['validate', spec]), timed(['types', spec, '-o', out])]
            : [timed(['types', spec, '-o', out]), timed(['validate', spec])].reverse();
        const t0 = performance.now();
        const document = readDocument(spec, { validation: true, perspective: 'client' });
        const t1 = performance.now();
        const text = generateTypes([document]);
        const t2 = performance.now();
        if (text.length === 0) throw new Error('no output');
        writeFileSync(join(checkDir, 'asyncapi.types.ts'), text);
        const t3 = performance.now();
        execFileSync(join(root, 'node_modules/.bin/tsc'), ['-p', checkDir], { cwd: root, stdio: 'inherit' });
        rows.push({
          validate: pair[0]!,
          types: pair[1]!,
          read: t1 - t0,
          generate: t2 - t1,
          tsc: performance.now() - t3,
        });
      }
      const ratios = rows.map((r) => r.types / r.validate);
      console.log(
        `${shape.padEnd(12)} ${median(rows.map((r) => r.validate))
          .toFixed(0)
          .padStart(11)} ${median(rows.map((r) => r.types))
          .toFixed(0)
          .padStart(10)} ${`x${median(ratios).toFixed(2)}`.padStart(16)} ${median(rows.map((r) => r.read))
          .toFixed(0)
          .padStart(9)} ${median(rows.map((r) => r.generate))
          .toFixed(0)
          .padStart(13)} ${(statSync(out).size / 1024).toFixed(0).padStart(11)} ${median(rows.map((r) => r.tsc))
          .toFixed(0)
          .padStart(8)}`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
