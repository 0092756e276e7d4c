import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { load as parseYaml } from 'js-yaml';
import { AsynctionModule } from '../../lib/index.js';
import { readDocument } from '../../lib/document/document.reader.js';
import { DOCS_CSP } from '../../lib/docs-page/docs-page.http.js';
import { fixture } from '../support/harness.js';
import { OrdersHandlers, embeddedProps, get, startDocsApp, type AdapterKind, type DocsApp } from './support.js';

const componentRoot = dirname(createRequire(import.meta.url).resolve('@asyncapi/react-component/package.json'));
const bundleBytes = readFileSync(join(componentRoot, 'browser/standalone/index.js'));

/** Every `$ref` value of a JSON value. */
function refsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsOf);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => (k === '$ref' && typeof v === 'string' ? [v] : refsOf(v)));
}

/** The events of a document as nestjs-asynction reads it: `namespace direction event`. */
function eventsOf(spec: string | object): string[] {
  const { model, problems } = readDocument(spec, { validation: true, perspective: 'client' });
  assert.deepEqual(problems, []);
  return [...model.namespaces.values()].flatMap((ns) => [
    ...[...ns.inbound.keys()].map((e) => `${ns.name} inbound ${e}`),
    ...[...ns.outbound.keys()].map((e) => `${ns.name} outbound ${e}`),
  ]);
}

for (const kind of ['express', 'fastify'] as AdapterKind[]) {
  describe(`option docs over ${kind}`, () => {
    let docs: DocsApp;
    let html: string;
    before(async () => {
      const spec = fixture('docs/relative-refs.yaml');
      docs = await startDocsApp(kind, [AsynctionModule.forRoot({ spec, docs: true })], [OrdersHandlers]);
      html = (await get(docs.url('/docs'))).body.toString('utf8');
    });
    after(() => docs.close());

    it('serves the page at /docs, beside /socket.io, with its assets from the installed package', async () => {
      const page = await get(docs.url('/docs'));
      assert.equal(page.status, 200);
      assert.equal(page.headers['content-type'], 'text/html; charset=utf-8');
      assert.equal(page.headers['cache-control'], 'no-cache');
      assert.match(html, /<title>Orders<\/title>/);
      const urls = [...html.matchAll(/(?:src|href)="([^"]*)"/g)].map((m) => m[1]);
      assert.ok(urls.length >= 6, urls.join(' '));
      for (const url of urls) assert.match(url, /^(\/docs\/|data:,$)/, `${url} is loaded from elsewhere`);
      const props = embeddedProps(html);
      assert.equal(props.schema.info.title, 'Orders');
      const place = props.schema.channels['/orders'].publish.description as string;
      assert.match(place, /^\*\*socket\.io\*\* namespace `\/orders`, event `place order` \(the client emits/);
      assert.match(props.schema.info.description, /\| `\/orders` \| `place order` \| `order placed` \|/);
      assert.equal((await get(docs.url('/docs/'))).status, 200);
    });

    it('serves the document as written, relative-file $refs bundled into components, recursion kept', async () => {
      const json = await get(docs.url('/docs/asyncapi.json'));
      assert.equal(json.status, 200);
      assert.equal(json.headers['content-type'], 'application/json; charset=utf-8');
      const doc = JSON.parse(json.body.toString('utf8'));
      assert.ok(refsOf(doc).length > 0);
      for (const ref of refsOf(doc)) assert.match(ref, /^#\/components\//);
      assert.deepEqual(Object.keys(doc.components.messages), ['PlaceOrder', 'OrderPlaced']);
      assert.deepEqual(Object.keys(doc.components.schemas), ['Order', 'tree']);
      assert.deepEqual(doc.components.schemas.tree.properties.children.items, { $ref: '#/components/schemas/tree' });
      const yaml = await get(docs.url('/docs/asyncapi.yaml'));
      assert.equal(yaml.headers['content-type'], 'application/yaml; charset=utf-8');
      assert.deepEqual(parseYaml(yaml.body.toString('utf8')), doc);
      // Read back, the one file means what the three did.
      const dir = mkdtempSync(join(tmpdir(), 'asynction-docs-'));
      try {
        writeFileSync(join(dir, 'asyncapi.json'), json.body);
        assert.deepEqual(eventsOf(join(dir, 'asyncapi.json')), eventsOf(fixture('docs/relative-refs.yaml')));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('serves assets compressed, cacheable for ever, and answers 304 to a known ETag', async () => {
      const src = /<script src="([^"]*asyncapi-react\.[0-9a-f]+\.js)"/.exec(html)![1];
      const br = await get(docs.url(src), { 'accept-encoding': 'gzip, deflate, br' });
      assert.equal(br.status, 200);
      assert.equal(br.headers['content-encoding'], 'br');
      assert.equal(br.headers['cache-control'], 'public, max-age=31536000, immutable');
      assert.equal(br.headers.vary, 'Accept-Encoding');
      assert.ok(br.body.length < bundleBytes.length / 4, `${br.body.length} bytes`);
      assert.ok(brotliDecompressSync(br.body).equals(bundleBytes));
      const gz = await get(docs.url(src), { 'accept-encoding': 'gzip' });
      assert.equal(gz.headers['content-encoding'], 'gzip');
      assert.ok(gunzipSync(gz.body).equals(bundleBytes));
      const plain = await get(docs.url(src), { 'accept-encoding': 'br;q=0, identity' });
      assert.equal(plain.headers['content-encoding'], undefined);
      assert.ok(plain.body.equals(bundleBytes));
      const again = await get(docs.url(src), { 'if-none-match': String(br.headers.etag) });
      assert.equal(again.status, 304);
      assert.equal(again.body.length, 0);
    });

    it('sends its Content-Security-Policy on the docs routes only', async () => {
      for (const path of ['/docs', '/docs/asyncapi.json', '/docs/asyncapi.yaml']) {
        assert.equal((await get(docs.url(path))).headers['content-security-policy'], DOCS_CSP, path);
      }
      assert.match(DOCS_CSP, /script-src 'self' 'unsafe-eval'(;|$)/);
      assert.doesNotMatch(DOCS_CSP, /unsafe-inline/);
      const handshake = await get(docs.url('/socket.io/?EIO=4&transport=polling'));
      assert.equal(handshake.status, 200);
      assert.equal(handshake.headers['content-security-policy'], undefined);
      const elsewhere = await get(docs.url('/not-the-docs'));
      assert.equal(elsewhere.status, 404);
      assert.equal(elsewhere.headers['content-security-policy'], undefined);
    });
  });
}
