import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { logMessages } from '../messages/index.js';
import { AsynctionError } from '../errors/asynction.error.js';
import { PAGE_SCRIPT, PAGE_STYLES } from './docs-page.client.js';

/** The optional package that renders the page, and the version this release is tested (and pinned) with. */
export const COMPONENT_PACKAGE = '@asyncapi/react-component';
export const COMPONENT_VERSION = '2.6.4';

/** A file of the page that never changes under its name: its name carries a hash of its content. */
export interface DocsAsset {
  name: string;
  type: string;
  body: Buffer;
}

/** The files every page loads. */
export interface DocsAssets {
  /** The component's standalone browser bundle (React and the AsyncAPI parser included). */
  bundle: DocsAsset;
  /** The component's stylesheet. */
  styles: DocsAsset;
  /** Renders the document embedded in the page with the bundle. */
  script: DocsAsset;
  /** The few styles of the bar above the page and of the index. */
  ownStyles: DocsAsset;
  /** The version of the component found. */
  version: string;
}

/**
 * Reads the page's files from the installed `@asyncapi/react-component` (looked up from this package, then from
 * `cwd`), only when the page is asked for: the package is an optional peer dependency. Throws an `AsynctionError`
 * naming the package when it is missing.
 */
export function loadDocsAssets(cwd: string = process.cwd()): DocsAssets {
  const root = componentRoot(cwd);
  const read = (path: string) => readFileSync(join(root, path));
  const { version } = JSON.parse(read('package.json').toString('utf8')) as { version: string };
  return {
    bundle: asset('asyncapi-react', 'js', read('browser/standalone/index.js')),
    styles: asset('asyncapi-react', 'css', read('styles/default.min.css')),
    script: asset('asynction-docs', 'js', Buffer.from(PAGE_SCRIPT)),
    ownStyles: asset('asynction-docs', 'css', Buffer.from(PAGE_STYLES)),
    version,
  };
}

function componentRoot(cwd: string): string {
  const manifest = `${COMPONENT_PACKAGE}/package.json`;
  const reasons: string[] = [];
  for (const from of [import.meta.url, join(cwd, 'package.json')]) {
    try {
      return dirname(createRequire(from).resolve(manifest));
    } catch (error) {
      reasons.push((error as Error).message.split('\n')[0]);
    }
  }
  throw new AsynctionError(logMessages.docsPackageMissing(COMPONENT_PACKAGE, COMPONENT_VERSION, reasons[0]));
}

const TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
};

function asset(base: string, ext: string, body: Buffer): DocsAsset {
  const hash = createHash('sha256').update(body).digest('hex').slice(0, 12);
  return { name: `${base}.${hash}.${ext}`, type: TYPES[ext], body };
}
