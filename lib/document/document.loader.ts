import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { load as parseYaml } from 'js-yaml';
import { AsynctionError } from '../errors/asynction.error.js';
import { MAX_DOCUMENT_DEPTH } from './document.depth.js';

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

/**
 * Reads and parses one YAML or JSON file; on bad syntax throws `AsynctionError` whose message is the parser's reason
 * with its line:column, for the caller to word (an unreadable document, or a `$ref` that cannot be resolved).
 */
export function parseDocumentFile(file: string): unknown {
  const text = readFileSync(file, 'utf8');
  try {
    return extname(file) === '.json'
      ? JSON.parse(text)
      : parseYaml(text, { filename: file, maxDepth: MAX_DOCUMENT_DEPTH });
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new AsynctionError(withLineColumn(reason, text));
  }
}

/** JSON.parse (before Node 22) names a character offset only; YAML names line:column. Say both the same way. */
function withLineColumn(reason: string, text: string): string {
  const offset = /at position (\d+)/.exec(reason);
  if (!offset || /\(\d+:\d+\)|line \d+ column \d+/.test(reason)) return reason;
  const lines = text.slice(0, Number(offset[1])).split('\n');
  return `${reason} (${lines.length}:${lines[lines.length - 1].length + 1})`;
}
