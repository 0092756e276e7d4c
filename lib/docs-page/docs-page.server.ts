import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { ASYNCTION_SOURCES } from '../asynction.constants.js';
import { logMessages } from '../messages/index.js';
import type { AsynctionDocument } from '../document/document.reader.js';
import { AsynctionError } from '../errors/asynction.error.js';
import type { ResolvedAsynctionOptions } from '../interfaces/asynction-options.interface.js';
import { loadDocsAssets } from './docs-page.assets.js';
import { serveSite, type DocsHttpAdapter } from './docs-page.http.js';
import { buildSite, prepareDocuments, type DocsSource } from './docs-page.site.js';

/** What one `forRoot` contributes: its documents, read with its options. */
export interface DocsContribution {
  readonly documents: readonly AsynctionDocument[];
  readonly options: ResolvedAsynctionOptions;
}

const PATH = /^(\/[A-Za-z0-9._~-]+)+$/;

/**
 * The page's path: `docs.path`, else `docs` beside the socket.io path (`/socket.io` -> `/docs`,
 * `/api/socket.io` -> `/api/docs`), the path being `gatewayOptions.path` or the selected server's URL path.
 */
export function docsPath(contribution: DocsContribution): string {
  const { docs, gatewayOptions } = contribution.options;
  let path: string;
  if (typeof docs === 'object' && docs.path !== undefined) {
    path = `/${docs.path.replace(/^\/+|\/+$/g, '')}`;
  } else {
    const socketPath =
      (gatewayOptions as { path?: string }).path ??
      contribution.documents.find((d) => d.model.serverPath)?.model.serverPath ??
      '/socket.io';
    path = `${socketPath.replace(/\/+$/, '').replace(/\/[^/]*$/, '')}/docs`;
  }
  if (!PATH.test(path) || path.split('/').some((segment) => /^\.+$/.test(segment))) {
    throw new AsynctionError(logMessages.docsPathInvalid(path));
  }
  return path;
}

/**
 * Serves the documents as a page when a `forRoot` sets `docs`: the first that does decides the path, and the
 * page shows every document of the application. Routes are registered on Nest's HTTP adapter during
 * `app.init()`, as `SwaggerModule.setup` registers its own, so they stay out of the application's controllers:
 * no global prefix, guard, interceptor or versioning of the application applies to them.
 */
@Injectable()
export class AsynctionDocsPage implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(ASYNCTION_SOURCES) private readonly contributions: DocsContribution[],
  ) {}

  onModuleInit(): void {
    const chosen = this.contributions.find((c) => c.options.docs);
    if (!chosen) return;
    const sources: DocsSource[] = this.contributions.flatMap(({ documents, options }) => {
      const specs = Array.isArray(options.spec) ? options.spec : [options.spec];
      return documents.map((document, i) => ({ document, spec: specs[i], perspective: options.perspective }));
    });
    // A document with problems makes app.init() reject with all of them (the explorer's error): nothing to show.
    if (sources.some((s) => s.document.problems.length > 0 || s.spec === undefined)) return;
    const path = docsPath(chosen);
    const adapter = this.adapterHost.httpAdapter;
    if (!adapter) throw new AsynctionError(logMessages.docsWithoutHttp());
    const type = adapter.getType();
    if (type !== 'express' && type !== 'fastify') {
      throw new AsynctionError(logMessages.docsAdapterUnsupported(type));
    }
    const assets = loadDocsAssets(chosen.options.cwd);
    const site = buildSite(prepareDocuments(sources), assets, { base: path });
    serveSite(adapter as unknown as DocsHttpAdapter, type, path, site);
  }
}
