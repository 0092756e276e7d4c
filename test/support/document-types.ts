import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { generateTypes } from '../../lib/codegen/index.js';
import { readDocument, type AsynctionDocument } from '../../lib/document/document.reader.js';
import type { OperationPerspective } from '../../lib/interfaces/asynction-options.interface.js';
import { ROOT, typeCheck, type Diagnostic } from './tsc.js';

/** Every .yaml, .yml and .json file under a folder. */
export function documentFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return documentFiles(path);
      return /\.(ya?ml|json)$/.test(name) ? [path] : [];
    });
}

/** A document read as `forRoot` serves it: the client perspective, else the application one; none with problems. */
export function servable(file: string): AsynctionDocument | undefined {
  for (const perspective of ['client', 'application'] as OperationPerspective[]) {
    const read = readDocument(file, { validation: true, perspective });
    if (read.problems.length === 0 && read.model.namespaces.size > 0) return read;
  }
  return undefined;
}

/**
 * Generates the types of each document into its own folder under build/tsc/<name>/ and type-checks them all in one
 * tsc run under the project's strict settings. Each file augments a stand-in of the library of its own folder
 * (re-exporting lib/ with empty maps), so documents that declare the same ids or namespaces do not collide.
 */
export function checkDocumentTypes(
  name: string,
  documents: readonly AsynctionDocument[],
): { diagnostics: Diagnostic[]; files: Map<string, string> } {
  const base = join(ROOT, 'build', 'tsc', name);
  rmSync(base, { recursive: true, force: true });
  const files = new Map<string, string>();
  documents.forEach((document, i) => {
    const dir = join(base, String(i));
    mkdirSync(dir, { recursive: true });
    const lib = relative(dir, join(ROOT, 'lib/index.js')).split('\\').join('/');
    writeFileSync(
      join(dir, 'asynction.ts'),
      `export * from '${lib}';\nexport interface AsynctionOperations {}\nexport interface AsynctionNamespaces {}\n`,
    );
    const out = join(dir, 'asyncapi.types.ts');
    writeFileSync(out, generateTypes([document], { module: './asynction.js' }));
    files.set(relative(ROOT, out), document.model.file);
  });
  const { diagnostics } = typeCheck(`${name}-program`, [`${base}/**/*.ts`]);
  return { diagnostics, files };
}
