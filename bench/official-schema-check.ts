/**
 * How long the official-schema check takes on a large document.
 *
 *     npx tsc -p tsconfig.json && node build/bench/official-schema-check.js [channels]
 *
 * Generates an AsyncAPI 2.6 document with N channels (default 1,000), each with a publish operation whose message
 * has an object payload of 3 properties, then times, in one fresh process:
 * - loading the module (it loads @asyncapi/specs, every version's schema JSON);
 * - the first check: compiling the 2.6.0 schema with ajv, then validating;
 * - a further check: validating only (the compiled validator is cached), median of 5 runs.
 */
import { performance } from 'node:perf_hooks';

function generate(channels: number): Record<string, unknown> {
  const doc: Record<string, any> = {
    asyncapi: '2.6.0',
    info: { title: 'Generated', version: '1.0.0' },
    servers: { local: { url: 'ws://localhost:3000', protocol: 'ws' } },
    channels: {},
  };
  for (let i = 0; i < channels; i++) {
    doc['channels'][`/ns${i}`] = {
      description: `Channel ${i}`,
      publish: {
        operationId: `onEvent${i}`,
        message: {
          name: `event${i}`,
          contentType: 'application/json',
          payload: {
            type: 'object',
            required: ['id', 'text'],
            properties: {
              id: { type: 'string', format: 'uuid' },
              text: { type: 'string', maxLength: 200 },
              count: { type: 'integer', minimum: 0 },
            },
          },
        },
      },
    };
  }
  return doc;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const ms = (n: number): string => `${n.toFixed(1)} ms`;

async function main(): Promise<void> {
  const channels = Number(process.argv[2] ?? 1000);
  const doc = generate(channels);

  let t = performance.now();
  const { checkOfficialSchema } = await import('../lib/document/official-schema/index.js');
  const loadMs = performance.now() - t;

  t = performance.now();
  const first = checkOfficialSchema(doc, 'generated.yaml');
  const firstMs = performance.now() - t;
  if (first.length > 0) throw new Error(`the generated document should be valid: ${first[0]!.message}`);

  const again: number[] = [];
  for (let i = 0; i < 5; i++) {
    t = performance.now();
    const problems = checkOfficialSchema(doc, 'generated.yaml');
    again.push(performance.now() - t);
    if (problems.length > 0) throw new Error('unexpected problems');
  }

  console.log(`official-schema check, AsyncAPI 2.6 document with ${channels} channels (node ${process.version})`);
  console.log(`  module load (@asyncapi/specs):        ${ms(loadMs)}`);
  console.log(`  first check (compile + validate):     ${ms(firstMs)}`);
  console.log(
    `  next checks (validate), median of 5:  ${ms(median(again))}  [${again.map((v) => v.toFixed(1)).join(', ')}]`,
  );
}

await main();
