/**
 * How fast the mock makes payloads and acks for the samples' schemas.
 *
 *     npx tsc -p tsconfig.json && node build/bench/mock.js [--seconds S] [--reps R]
 *
 * For every outbound message and every ack of sample/<name>/asyncapi.yaml (what the mock sends), measures in one
 * process:
 * - `mock`: PayloadSource.at(n), what the mock sends: the next value (examples first, else generated with
 *   json-schema-faker, Faker formats included), validated with the library's compiled schema, regenerated on failure;
 * - `raw jsf`: json-schema-faker's generateSync on the same normalised schema with the same options, unvalidated:
 *   the baseline, run side by side in the same repetition.
 * Each repetition runs both for S seconds (default 0.5) in a rotated order; the report gives payloads per second,
 * median [min–max] over R repetitions (default 5), and the median of the paired ratios mock ÷ raw jsf.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readDocument } from '../lib/document/document.reader.js';
import { SchemaCompiler } from '../lib/document/schema.compiler.js';
import type { SchemaModel } from '../lib/interfaces/asyncapi-model.interface.js';
import { loadMockPackages, PayloadSource, seedOf } from '../lib/mock/index.js';
import { toFakerSchema } from '../lib/mock/mock.schema.js';
import { fakerFormats } from '../lib/mock/mock.formats.js';
import { spread } from './support/stats.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const flag = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
};
const seconds = flag('seconds', 0.5);
const reps = flag('reps', 5);

function perSecond(make: (n: number) => unknown): number {
  const until = performance.now() + seconds * 1000;
  let n = 0;
  while (performance.now() < until) for (let i = 0; i < 20; i++) make(n++);
  return n / seconds;
}

const packages = await loadMockPackages();
const context = { packages, compiler: new SchemaCompiler(), attempts: 25 };
const formats = fakerFormats(packages.faker);
const rows: string[][] = [['DOCUMENT', 'EVENT', 'WHAT', 'ORIGIN', 'MOCK /s', 'RAW JSF /s', 'MOCK ÷ RAW']];
for (const sample of readdirSync(join(ROOT, 'sample'))) {
  const document = readDocument(join(ROOT, 'sample', sample, 'asyncapi.yaml'), {
    validation: true,
    perspective: 'client',
  });
  for (const ns of document.model.namespaces.values()) {
    const targets: Array<[string, string, SchemaModel | undefined, unknown[]]> = [];
    for (const m of ns.outbound.values()) targets.push([m.event, 'sends', m.payload, [...(m.examples ?? [])]]);
    for (const m of ns.inbound.values()) if (m.ack) targets.push([m.event, 'ack', m.ack, []]);
    for (const [event, what, schema, examples] of targets) {
      if (!schema) continue;
      const source = new PayloadSource(schema, examples, seedOf(1, `${ns.name} ${event} ${what}`), context);
      const fakerSchema = toFakerSchema(schema.schema);
      const raw = (n: number) =>
        packages.generateSync(fakerSchema, { seed: n, formats, useExamplesValue: true, useDefaultValue: true });
      const mock = (n: number) => source.at(n);
      const results = { mock: [] as number[], raw: [] as number[], ratio: [] as number[] };
      for (let rep = 0; rep < reps; rep++) {
        const order = rep % 2 === 0 ? (['mock', 'raw'] as const) : (['raw', 'mock'] as const);
        const got: Record<string, number> = {};
        for (const which of order) got[which] = perSecond(which === 'mock' ? mock : raw);
        results.mock.push(got.mock!);
        results.raw.push(got.raw!);
        results.ratio.push(got.mock! / got.raw!);
      }
      const rate = (values: number[]) => {
        const s = spread(values);
        return `${Math.round(s.median)} [${Math.round(s.min)}–${Math.round(s.max)}]`;
      };
      rows.push([
        sample,
        `${ns.name} ${event}`,
        what,
        source.origin,
        rate(results.mock),
        rate(results.raw),
        spread(results.ratio).median.toFixed(2),
      ]);
    }
  }
}
const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
console.log(`Mock payload generation: ${reps} repetitions of ${seconds} s each, Node ${process.version}`);
for (const row of rows) console.log(row.map((cell, c) => cell.padEnd(widths[c]!)).join('  '));
