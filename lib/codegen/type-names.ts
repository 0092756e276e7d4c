/** TypeScript names for things the document names: type names, property keys, literals, comments. */

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `user_signed-up` -> `UserSignedUp`; a leading digit gets a `T`; nothing usable gives `fallback`. */
export function pascalCase(text: string, fallback = 'Schema'): string {
  const name = text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('');
  if (name === '') return fallback;
  return /^[0-9]/.test(name) ? `T${name}` : name;
}

/** A string literal in single quotes, as the project's (and Prettier's usual) style writes them. */
export function quote(text: string): string {
  return `'${JSON.stringify(text).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
}

/** A property key as written in a type literal: bare when it is an identifier, quoted otherwise. */
export function propertyKey(key: string): string {
  return IDENTIFIER.test(key) ? key : quote(key);
}

/** A JSON value as a TypeScript literal type. */
export function literalType(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'string') return quote(value);
    if (typeof value === 'number') return Number.isFinite(value) ? String(value) : 'number';
    return typeof value === 'boolean' ? String(value) : 'null';
  }
  if (Array.isArray(value)) return `[${value.map(literalType).join(', ')}]`;
  const entries = Object.entries(value).map(([k, v]) => `${propertyKey(k)}: ${literalType(v)}`);
  return entries.length === 0 ? '{}' : `{ ${entries.join('; ')} }`;
}

/** A JSDoc block (or nothing) at `indent`; `*\/` in the text cannot end the comment. */
export function jsDoc(lines: readonly string[], indent: string): string {
  const text = lines.flatMap((line) => line.replace(/\*\//g, '*\\/').split(/\r?\n/)).map((line) => line.trimEnd());
  while (text.length > 0 && text[text.length - 1] === '') text.pop();
  if (text.length === 0) return '';
  if (text.length === 1) return `${indent}/** ${text[0]} */\n`;
  return `${indent}/**\n${text.map((line) => `${indent} *${line === '' ? '' : ` ${line}`}`).join('\n')}\n${indent} */\n`;
}

/**
 * Type names handed out once each: the first free candidate, else the last one numbered (`Name2`, `Name3`...).
 * Names the file itself uses are reserved first, so a schema called `ClientToServerEvents` cannot shadow them.
 */
export class NameRegistry {
  private readonly taken = new Set<string>();

  reserve(name: string): void {
    this.taken.add(name);
  }

  claim(...candidates: string[]): string {
    const free = candidates.find((c) => !this.taken.has(c));
    if (free !== undefined) {
      this.taken.add(free);
      return free;
    }
    const base = candidates[candidates.length - 1]!;
    let n = 2;
    while (this.taken.has(`${base}${n}`)) n++;
    this.taken.add(`${base}${n}`);
    return `${base}${n}`;
  }
}

/** True when a type text needs parentheses before `[]`: it has a top-level `|`, `&` or `=>`. */
export function isCompound(type: string): boolean {
  let depth = 0;
  for (let i = 0; i < type.length; i++) {
    const c = type[i]!;
    if (c === '"') {
      for (i++; i < type.length && type[i] !== '"'; i++) if (type[i] === '\\') i++;
    } else if (c === '(' || c === '[' || c === '{' || c === '<') depth++;
    else if (c === ')' || c === ']' || c === '}' || (c === '>' && type[i - 1] !== '=')) depth--;
    else if (depth === 0 && (c === '|' || c === '&' || (c === '=' && type[i + 1] === '>'))) return true;
  }
  return false;
}
