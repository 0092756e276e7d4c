/** RFC 6901 helpers; pointers are written with a leading `#` as in `$ref`s. */

export function escapeToken(token: string | number): string {
  const text = String(token);
  // Most tokens need no escaping: skip the two regular-expression passes for them.
  return text.includes('~') || text.includes('/') ? text.replace(/~/g, '~0').replace(/\//g, '~1') : text;
}

export function appendPointer(pointer: string, ...tokens: Array<string | number>): string {
  return tokens.reduce<string>((acc, t) => `${acc}/${escapeToken(t)}`, pointer);
}

/** `['a', 'b/c']` -> `#/a/b~1c`; the root is `#`. */
export function toPointer(tokens: readonly string[]): string {
  return appendPointer('#', ...tokens);
}

/** `['a', 'b c']` -> `#/a/b%20c`: a pointer that is a valid URI fragment whatever the keys contain. */
export function toUriFragment(tokens: readonly string[]): string {
  return `#${tokens.map((t) => `/${encodeURIComponent(escapeToken(t))}`).join('')}`;
}

/** `/a/b~1c` (a pointer without `#` and not URI-encoded, as ajv's `instancePath`) -> `['a', 'b/c']`. */
export function tokensOf(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** `#/a/b~1c` -> `['a', 'b/c']`; throws on a pointer that does not start with `#`. */
export function parsePointer(pointer: string): string[] {
  const decoded = decodeURIComponent(pointer);
  if (decoded === '#' || decoded === '' || decoded === '#/') return [];
  if (!decoded.startsWith('#/')) throw new Error(`"${pointer}" is not a JSON pointer`);
  return tokensOf(decoded.slice(1));
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Walks own properties only, so `__proto__` and friends never resolve to prototypes. */
export function getAtPointer(root: unknown, tokens: readonly string[]): { found: boolean; value: unknown } {
  let node: unknown = root;
  for (const token of tokens) {
    if (Array.isArray(node)) {
      const index = Number(token);
      if (!Number.isInteger(index) || index < 0 || index >= node.length) return { found: false, value: undefined };
      node = node[index];
    } else if (isRecord(node) && Object.prototype.hasOwnProperty.call(node, token)) {
      node = node[token];
    } else {
      return { found: false, value: undefined };
    }
  }
  return { found: true, value: node };
}
