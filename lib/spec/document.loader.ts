import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { load as parseYaml } from 'js-yaml';
import { messages } from '../asynction.messages.js';
import { AsynctionError } from '../errors/asynction.error.js';

const EXTENSIONS = ['.yaml', '.yml', '.json'];

/** Finds the document file, trying `.yaml`, `.yml`, `.json` when the path has no extension. */
export function locateDocument(path: string, cwd: string = process.cwd()): string | { tried: string[] } {
  const absolute = resolve(cwd, path);
  const tried = [absolute];
  if (existsSync(absolute) && statSync(absolute).isFile()) return absolute;
  for (const ext of EXTENSIONS) {
    const candidate = absolute + ext;
    tried.push(candidate);
    if (existsSync(candidate)) return candidate;
  }
  return { tried };
}

/** Reads and parses one YAML or JSON file; throws `AsynctionError` with the parser's position on bad syntax. */
export function parseDocumentFile(file: string): unknown {
  const text = readFileSync(file, 'utf8');
  try {
    return extname(file) === '.json' ? JSON.parse(text) : parseYaml(text, { filename: file });
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new AsynctionError(messages.documentUnreadable(reason).message);
  }
}
