import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';
import { logMessages } from '../messages/index.js';
import { AsynctionError } from '../errors/asynction.error.js';
import type { SiteFile } from './docs-page.site.js';

/** The HTTP adapters the page is served through. */
export type DocsAdapterType = 'express' | 'fastify';

/** What the page routes need of Nest's HTTP adapter. */
export interface DocsHttpAdapter {
  get(path: string, handler: (request: unknown, response: unknown) => unknown): unknown;
}

/**
 * Sent with every response of the docs routes, and only with them. The component's bundled AsyncAPI parser
 * compiles JSON Schemas with `new Function` (ajv): without `'unsafe-eval'` the bundle fails as it loads. Images
 * may come from anywhere over https: the document's own `x-logo`. Nothing else is loaded from elsewhere, and
 * nothing inline runs: the document is embedded in the page as a JSON data block.
 */
export const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self' 'unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data: https:",
  "font-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'self'",
].join('; ');

const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Below this size compressing saves less than the header costs. */
const MIN_COMPRESSED = 1024;
const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

type Encoding = 'br' | 'gzip';

/** One file of the site as served: its validator, and its compressed forms made on first request, once. */
class ServedFile {
  readonly etag: string;
  private readonly encoded = new Map<Encoding, Promise<Buffer>>();

  constructor(readonly file: SiteFile) {
    this.etag = createHash('sha256').update(file.body).digest('base64url').slice(0, 22);
  }

  compressible(): boolean {
    return this.file.body.length >= MIN_COMPRESSED;
  }

  body(encoding: Encoding | undefined): Promise<Buffer> {
    if (!encoding) return Promise.resolve(this.file.body);
    let body = this.encoded.get(encoding);
    if (!body) {
      // Brotli quality 9: a tenth of the bundle's size in half a second; quality 11 takes fifteen times as long.
      const params = { [zlib.BROTLI_PARAM_QUALITY]: 9, [zlib.BROTLI_PARAM_SIZE_HINT]: this.file.body.length };
      body = encoding === 'br' ? brotli(this.file.body, { params }) : gzipAsync(this.file.body, { level: 9 });
      this.encoded.set(encoding, body);
    }
    return body;
  }
}

/**
 * Registers a GET route for each file of the site under `base`; pages answer with and without a final `/`.
 * A route the application already has is an error with Fastify (with Express, the application's route answers).
 */
export function serveSite(adapter: DocsHttpAdapter, type: DocsAdapterType, base: string, files: SiteFile[]): void {
  for (const file of files) {
    const served = new ServedFile(file);
    const path = file.path === '' ? base : `${base}/${file.path}`;
    const handler = (request: unknown, response: unknown) => respond(type, request, response, served);
    try {
      adapter.get(path, handler);
    } catch (error) {
      throw new AsynctionError(logMessages.docsRouteTaken(path, (error as Error).message));
    }
    if (!file.page) continue;
    try {
      adapter.get(`${path}/`, handler);
    } catch {
      // Fastify with `ignoreTrailingSlash` already answers there.
    }
  }
}

async function respond(type: DocsAdapterType, request: unknown, response: unknown, served: ServedFile): Promise<void> {
  const requestHeaders = (request as { headers: IncomingHttpHeaders }).headers;
  const encoding = served.compressible() ? negotiate(requestHeaders['accept-encoding']) : undefined;
  const headers: Record<string, string> = {
    'Cache-Control': served.file.immutable ? IMMUTABLE : 'no-cache',
    'Content-Security-Policy': DOCS_CSP,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    ETag: `"${served.etag}${encoding ? `-${encoding}` : ''}"`,
  };
  if (served.compressible()) headers.Vary = 'Accept-Encoding';
  const known = requestHeaders['if-none-match'];
  if (typeof known === 'string' && known.includes(served.etag)) return send(type, response, 304, headers);
  let body: Buffer;
  try {
    body = await served.body(encoding);
  } catch {
    body = served.file.body;
    headers.ETag = `"${served.etag}"`;
    return send(type, response, 200, { ...headers, 'Content-Type': served.file.type }, body);
  }
  if (encoding) headers['Content-Encoding'] = encoding;
  send(type, response, 200, { ...headers, 'Content-Type': served.file.type }, body);
}

/** Brotli, else gzip, else none, as the `Accept-Encoding` header allows. */
export function negotiate(header: string | string[] | undefined): Encoding | undefined {
  const accepted = new Map<string, number>();
  for (const part of String(header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    accepted.set(name, q === undefined ? 1 : Number(q.slice(2)));
  }
  for (const encoding of ['br', 'gzip'] as const) {
    const q = accepted.get(encoding) ?? accepted.get('*');
    if (q !== undefined && q > 0) return encoding;
  }
  return undefined;
}

interface FastifyReply {
  code(status: number): FastifyReply;
  headers(headers: Record<string, string>): FastifyReply;
  send(body?: Buffer): unknown;
}

function send(
  type: DocsAdapterType,
  response: unknown,
  status: number,
  headers: Record<string, string>,
  body?: Buffer,
): void {
  if (type === 'fastify') {
    void (response as FastifyReply).code(status).headers(headers).send(body);
    return;
  }
  const res = response as ServerResponse;
  res.writeHead(status, body ? { ...headers, 'Content-Length': String(body.length) } : headers);
  res.end(body);
}
