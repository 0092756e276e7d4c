import 'reflect-metadata';
import { Injectable, type DynamicModule, type INestApplication, type Provider, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { fileURLToPath } from 'node:url';
import { AsyncOperation } from '../../lib/index.js';
import { freePort, rootModule } from '../support/harness.js';

export type AdapterKind = 'express' | 'fastify';

/** Absolute path of a file of the repository (the tests run from build/test). */
export function repoFile(path: string): string {
  return fileURLToPath(new URL(`../../../${path}`, import.meta.url));
}

export interface DocsApp {
  app: INestApplication;
  url(path: string): string;
  close(): Promise<void>;
}

/** A real Nest application on a free port, over Express or Fastify. */
export async function startDocsApp(
  kind: AdapterKind,
  imports: Array<DynamicModule | Type>,
  providers: Provider[] = [],
): Promise<DocsApp> {
  const module = rootModule(imports, providers);
  const logger = process.env.TEST_LOGS ? undefined : (false as const);
  const app =
    kind === 'fastify'
      ? await NestFactory.create(module, new FastifyAdapter(), { logger })
      : await NestFactory.create(module, { logger });
  const port = await freePort();
  await app.listen(port, '127.0.0.1');
  return { app, url: (path) => `http://127.0.0.1:${port}${path}`, close: () => app.close() };
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** The bytes as sent: not decompressed. */
  body: Buffer;
}

/** A GET that leaves the body as the server sent it (fetch would decompress it). */
export function get(url: string, headers: Record<string, string> = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** What a page gives the component: the document it renders and the configuration. */
export function embeddedProps(html: string): { schema: Record<string, any>; config: Record<string, unknown> } {
  const block = /<script type="application\/json" id="asyncapi-props">([^<]*)<\/script>/.exec(html);
  if (!block) throw new Error('the page embeds no document');
  return JSON.parse(block[1]);
}

/** Handlers of test/fixtures/docs/relative-refs.yaml. */
@Injectable()
export class OrdersHandlers {
  @AsyncOperation('orders.place')
  place() {
    return { accepted: true };
  }
}

/** Handlers of test/fixtures/docs/server-path-v3.yaml. */
@Injectable()
export class InventoryHandlers {
  @AsyncOperation('inventory.check')
  check() {
    return undefined;
  }
}
