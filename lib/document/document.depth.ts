import { appendPointer } from './json-pointer.js';

/**
 * How deeply a document may nest: objects and arrays counted from its root, `$ref`s followed. Every walk over a
 * document (resolution, checks, merging, copies, schema compilation and ajv's generated code) recurses once or more
 * per level, so a bound keeps them all far from the stack's end: a payload schema may still nest about 120
 * properties deep. Past it, the document is one problem, at the place where it crosses the bound.
 */
export const MAX_DOCUMENT_DEPTH = 256;

/**
 * How many values a document may hold once every `$ref` is followed as a copy. Resolution shares a referenced object
 * between the places that reference it, but the official-schema check and the schema copies walk each place: twenty
 * schemas that each reference the previous one twice would be a million copies of the first. Real documents stay far
 * below (a thousand channels with their messages: about 50,000).
 */
export const MAX_DOCUMENT_VALUES = 1_000_000;

/** Where a document breaks a bound, as a pointer into the resolved document. */
export interface DocumentExtent {
  /** The first value nested deeper than `MAX_DOCUMENT_DEPTH`. */
  tooDeep?: string;
  /** The innermost value whose `$ref`s, followed, expand to more than `MAX_DOCUMENT_VALUES` values. */
  tooLarge?: string;
}

interface Frame {
  node: object;
  children: Array<[string, unknown]>;
  next: number;
  /** Levels below `node` so far, and the child they go through. */
  height: number;
  deepest?: string;
  /** Values in `node` expanded so far, itself included. */
  values: number;
}

interface Measure {
  height: number;
  deepest?: string;
  values: number;
}

/**
 * Measures a resolved document without recursion (so never overflowing the stack itself), each shared object once.
 * A cycle (a recursive schema) adds neither depth nor values: the walks that follow one stop where it closes.
 */
export function measureDocument(
  root: unknown,
  limits = { depth: MAX_DOCUMENT_DEPTH, values: MAX_DOCUMENT_VALUES },
): DocumentExtent {
  if (typeof root !== 'object' || root === null) return {};
  const measured = new Map<object, Measure>();
  const onPath = new Set<object>();
  const stack: Frame[] = [];
  const open = (node: object): void => {
    onPath.add(node);
    stack.push({ node, children: Object.entries(node), next: 0, height: 0, values: 1 });
  };
  /** The pointer down the stack, then along the deepest children of `from`, to `limits.depth` + 1 levels. */
  const deepPointer = (from?: object): string => {
    const tokens = stack.map((frame) => frame.children[frame.next - 1]![0]);
    for (let node = from; tokens.length <= limits.depth && node;) {
      const deepest = measured.get(node)?.deepest;
      if (deepest === undefined) break;
      tokens.push(deepest);
      node = (node as Record<string, unknown>)[deepest] as object | undefined;
    }
    return appendPointer('#', ...tokens.slice(0, limits.depth + 1));
  };
  const grow = (frame: Frame, key: string, child: Measure): void => {
    frame.values += child.values;
    if (child.height + 1 > frame.height) {
      frame.height = child.height + 1;
      frame.deepest = key;
    }
  };
  open(root);
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if (frame.next === frame.children.length) {
      stack.pop();
      onPath.delete(frame.node);
      const measure = { height: frame.height, deepest: frame.deepest, values: frame.values };
      measured.set(frame.node, measure);
      const parent = stack[stack.length - 1];
      if (parent) grow(parent, parent.children[parent.next - 1]![0], measure);
      continue;
    }
    const [key, child] = frame.children[frame.next++]!;
    if (typeof child !== 'object' || child === null || onPath.has(child)) {
      frame.values += 1;
      continue;
    }
    // `stack.length` is the level of `child`.
    if (stack.length > limits.depth) return { tooDeep: deepPointer() };
    const known = measured.get(child);
    if (!known) {
      open(child);
      continue;
    }
    if (stack.length + known.height > limits.depth) return { tooDeep: deepPointer(child) };
    grow(frame, key, known);
  }
  if (measured.get(root)!.values <= limits.values) return {};
  return { tooLarge: largePointer(root, measured, limits) };
}

/** Down from the root along the largest child while that child alone is too large: where the expansion happens. */
function largePointer(root: object, measured: Map<object, Measure>, limits: { depth: number; values: number }): string {
  const tokens: string[] = [];
  let node = root;
  while (tokens.length < limits.depth) {
    let largest: [string, object, number] | undefined;
    for (const [key, child] of Object.entries(node)) {
      const values = typeof child === 'object' && child !== null ? (measured.get(child)?.values ?? 0) : 0;
      if (values > limits.values && (!largest || values > largest[2])) largest = [key, child as object, values];
    }
    if (!largest) break;
    tokens.push(largest[0]);
    node = largest[1];
  }
  return appendPointer('#', ...tokens);
}
