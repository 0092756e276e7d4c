import { basename, extname } from 'node:path';
import { dump } from 'js-yaml';
import { parseDocumentFile } from '../document/document.loader.js';
import type { AsynctionDocument } from '../document/document.reader.js';
import type { AsyncApiSpec, OperationPerspective } from '../interfaces/asynction-options.interface.js';
import { bundleDocument } from './document.bundler.js';
import type { DocsAssets } from './docs-page.assets.js';
import { displayDocument } from './docs-page.display.js';
import { indexHtml, pageHtml, type PageLinks } from './docs-page.html.js';

type Json = Record<string, unknown>;

/** A document to show, as the application read it. */
export interface DocsSource {
  spec: AsyncApiSpec;
  document: AsynctionDocument;
  perspective: OperationPerspective;
}

/** A document ready to show: as written (bundled into one file) and as the page renders it. */
export interface DocsPageDocument {
  /** Its folder when there are several documents: its title, in lower case and dashes. */
  slug: string;
  file: string;
  title: string;
  version: string;
  bundled: Json;
  display: Json;
}

/** One file of the site, at its path relative to the site's root (`''` is the root page). */
export interface SiteFile {
  path: string;
  type: string;
  body: Buffer;
  /** Its name carries a hash of its content: cacheable for ever. */
  immutable: boolean;
  /** An HTML page (written as `<path>/index.html` by the static export). */
  page: boolean;
}

/** Served under an absolute base path, or exported as files linked by relative paths. */
export type SiteMode = { base: string } | 'static';

const RESERVED = new Set(['assets', 'asyncapi.json', 'asyncapi.yaml', 'index.html']);

/** Bundles each document as written, and derives what the page shows. */
export function prepareDocuments(sources: readonly DocsSource[]): DocsPageDocument[] {
  const taken = new Set<string>(RESERVED);
  return sources.map(({ spec, document, perspective }) => {
    const { model } = document;
    const raw = typeof spec === 'string' ? parseDocumentFile(model.file) : spec;
    const bundled = bundleDocument(raw, model.file);
    const info = bundled.info as Json | undefined;
    const version = typeof info?.version === 'string' ? info.version : '';
    const slug = uniqueSlug(model.title || basename(model.file, extname(model.file)), taken);
    return {
      slug,
      file: model.file,
      title: model.title,
      version,
      bundled,
      display: displayDocument(bundled, model, perspective),
    };
  });
}

function uniqueSlug(name: string, taken: Set<string>): string {
  const base =
    name
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, '-')
      .replace(/^[-.]+|-+$/g, '') || 'document';
  let slug = base;
  for (let i = 2; taken.has(slug); i++) slug = `${base}-${i}`;
  taken.add(slug);
  return slug;
}

/** Every file of the site: the page (or an index and a page per document), the documents, the assets. */
export function buildSite(documents: readonly DocsPageDocument[], assets: DocsAssets, mode: SiteMode): SiteFile[] {
  const several = documents.length > 1;
  const files: SiteFile[] = [];
  const text = (path: string, type: string, body: string, page = false) =>
    files.push({ path, type, body: Buffer.from(body), immutable: false, page });
  for (const doc of documents) {
    const dir = several ? `${doc.slug}/` : '';
    text(`${dir}asyncapi.json`, 'application/json; charset=utf-8', `${JSON.stringify(doc.bundled, null, 2)}\n`);
    text(`${dir}asyncapi.yaml`, 'application/yaml; charset=utf-8', dump(doc.bundled, { noRefs: true, lineWidth: -1 }));
    const links = pageLinks(mode, several ? doc.slug : undefined);
    const props = { schema: doc.display, config: { show: { sidebar: true } } };
    text(several ? doc.slug : '', HTML, pageHtml(doc.title || doc.file, props, links, assets), true);
  }
  if (several) {
    const links = pageLinks(mode, undefined);
    const entries = documents.map((d) => ({
      title: d.title,
      version: d.version,
      file: basename(d.file),
      href: mode === 'static' ? `${d.slug}/index.html` : `${mode.base}/${d.slug}`,
    }));
    text('', HTML, indexHtml('AsyncAPI documents', entries, links, assets), true);
  }
  for (const asset of [assets.bundle, assets.styles, assets.script, assets.ownStyles]) {
    files.push({ path: `assets/${asset.name}`, type: asset.type, body: asset.body, immutable: true, page: false });
  }
  return files;
}

const HTML = 'text/html; charset=utf-8';

function pageLinks(mode: SiteMode, slug: string | undefined): PageLinks {
  if (mode === 'static') {
    const up = slug === undefined ? '' : '../';
    return {
      assets: `${up}assets/`,
      json: 'asyncapi.json',
      yaml: 'asyncapi.yaml',
      index: slug === undefined ? undefined : '../index.html',
    };
  }
  const dir = slug === undefined ? mode.base : `${mode.base}/${slug}`;
  return {
    assets: `${mode.base}/assets/`,
    json: `${dir}/asyncapi.json`,
    yaml: `${dir}/asyncapi.yaml`,
    index: slug === undefined ? undefined : mode.base,
  };
}
