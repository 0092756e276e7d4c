import type { DocsAssets } from './docs-page.assets.js';

/** Where a page finds its files: served pages use absolute paths, exported ones relative paths. */
export interface PageLinks {
  /** Prefix of the assets, ending with `/`. */
  assets: string;
  json: string;
  yaml: string;
  /** The index of all documents, when there are several. */
  index?: string;
}

/** What the component is given: the document and its configuration. */
export interface PageProps {
  schema: unknown;
  config: Record<string, unknown>;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON that a `<script type="application/json">` block holds verbatim: no `<` can close the block. */
function jsonBlock(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

function head(title: string, links: PageLinks, assets: DocsAssets, component: boolean): string {
  const css = component ? [assets.styles, assets.ownStyles] : [assets.ownStyles];
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    // No favicon request (a 404 in the console, and a request the page does not need).
    '<link rel="icon" href="data:,">',
    `<title>${escapeHtml(title)}</title>`,
    ...css.map((a) => `<link rel="stylesheet" href="${escapeHtml(links.assets + a.name)}">`),
    '</head>',
  ].join('\n');
}

/** One document's page: the bar, the component's mount point, the embedded props, the two scripts. */
export function pageHtml(title: string, props: PageProps, links: PageLinks, assets: DocsAssets): string {
  const index = links.index ? `<a href="${escapeHtml(links.index)}">All documents</a>` : '';
  return [
    head(title, links, assets, true),
    '<body>',
    '<nav class="asynction-docs-bar">',
    index,
    '<span class="asynction-docs-spacer"></span>',
    `<span>The document: <a href="${escapeHtml(links.yaml)}">YAML</a> · <a href="${escapeHtml(links.json)}">JSON</a>`,
    '</span>',
    '</nav>',
    '<noscript>This page needs JavaScript; the document itself is linked above.</noscript>',
    '<div id="asyncapi"></div>',
    `<script type="application/json" id="asyncapi-props">${jsonBlock(props)}</script>`,
    `<script src="${escapeHtml(links.assets + assets.bundle.name)}"></script>`,
    `<script src="${escapeHtml(links.assets + assets.script.name)}"></script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** One entry of the index of several documents. */
export interface IndexEntry {
  title: string;
  version: string;
  href: string;
  file: string;
}

/** The index of several documents: plain HTML, no script. */
export function indexHtml(title: string, entries: readonly IndexEntry[], links: PageLinks, assets: DocsAssets): string {
  const items = entries.map(
    (e) =>
      `<li><a href="${escapeHtml(e.href)}">${escapeHtml(e.title || e.file)}</a> ${escapeHtml(e.version)}` +
      ` <span class="asynction-docs-file">${escapeHtml(e.file)}</span></li>`,
  );
  return [
    head(title, links, assets, false),
    '<body>',
    '<main class="asynction-docs-index">',
    `<h1>${escapeHtml(title)}</h1>`,
    '<ul>',
    ...items,
    '</ul>',
    '</main>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
