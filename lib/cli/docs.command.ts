import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { buildSite, loadDocsAssets, prepareDocuments } from '../docs-page/index.js';
import type { OperationPerspective } from '../interfaces/asynction-options.interface.js';
import { validateDocuments, type ValidateResult } from './validate.command.js';

/** What `asynction docs` was asked. */
export interface DocsRequest {
  documents: string[];
  /** The folder to write into (created when missing). */
  out: string;
  perspective: OperationPerspective;
  serverName?: string;
  cwd: string;
}

/** What it did: the check of the documents (nothing is written when it found problems), and the files written. */
export interface DocsResult {
  check: ValidateResult;
  written: string[];
}

/**
 * Writes the page `AsynctionModule.forRoot({ docs })` serves as static files, for publishing anywhere: `index.html`
 * (with several documents an index, and `<document>/index.html` for each), `asyncapi.json` and `asyncapi.yaml`
 * beside each page, and the component's bundle and stylesheet under `assets/`. The documents are read and checked
 * exactly as `asynction validate` does; with a problem, nothing is written. Throws when `@asyncapi/react-component`
 * is not installed.
 */
export function writeDocs(request: DocsRequest): DocsResult {
  const check = validateDocuments({ ...request, specOnly: false });
  if (check.problems.length > 0) return { check, written: [] };
  const assets = loadDocsAssets(request.cwd);
  const sources = check.documents.map((document, i) => ({
    document,
    spec: request.documents[i]!,
    perspective: request.perspective,
  }));
  const out = resolve(request.cwd, request.out);
  const written: string[] = [];
  for (const file of buildSite(prepareDocuments(sources), assets, 'static')) {
    const path = join(out, file.page ? join(file.path, 'index.html') : file.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.body);
    written.push(path);
  }
  return { check, written };
}
