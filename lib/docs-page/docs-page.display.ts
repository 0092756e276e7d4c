import { getAtPointer, isRecord, parsePointer } from '../document/json-pointer.js';
import type { AsyncApiModel, MessageModel } from '../interfaces/asyncapi-model.interface.js';
import type { OperationPerspective } from '../interfaces/asynction-options.interface.js';

type Json = Record<string, unknown>;

/**
 * The document as the page renders it: a copy of the bundled document that says what socket.io does with it.
 * - Each operation's description starts with its socket.io namespace, events and direction, and the description
 *   of `info` ends with a table of every namespace and its events both ways.
 * - An AsyncAPI 2 document read with `perspective: 'application'` is shown in the specification's reading:
 *   `publish` and `subscribe` trade places, so the component shows the operations the application handles as
 *   what it receives, as it does for every other document. The files served beside the page stay as written.
 */
export function displayDocument(bundled: Json, model: AsyncApiModel, perspective: OperationPerspective): Json {
  const display = structuredClone(bundled);
  const messages = [...model.namespaces.values()].flatMap((ns) => [...ns.inbound.values(), ...ns.outbound.values()]);
  const byOperation = new Map<string, MessageModel[]>();
  for (const message of messages) {
    if (message.operation === undefined) continue;
    byOperation.set(message.operation, [...(byOperation.get(message.operation) ?? []), message]);
  }
  for (const [pointer, carried] of byOperation) {
    const operation = followLocal(display, pointer);
    if (!isRecord(operation)) continue;
    const said = typeof operation.description === 'string' ? `\n\n${operation.description}` : '';
    operation.description = `${operationNote(carried)}${said}`;
  }
  const swapped = !model.version.startsWith('3.') && perspective === 'application';
  if (swapped) swapDirections(display);
  if (isRecord(display.info)) {
    const said = typeof display.info.description === 'string' ? `${display.info.description}\n\n` : '';
    display.info.description = `${said}${namespaceTable(model)}${swapped ? PERSPECTIVE_NOTE : ''}`;
  }
  return display;
}

const PERSPECTIVE_NOTE =
  "\n\nThis document is written from the application's point of view (`perspective: 'application'`): this " +
  'page shows its `subscribe` operations as `publish` and the reverse, as AsyncAPI 2 defines them. The ' +
  'document served beside this page is as written.';

/**
 * A Markdown code span holding `text` as it is, whatever backticks it contains; in a table cell a pipe must be
 * escaped (GFM unescapes it there, and only there).
 */
export function code(text: string, inTable = false): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || text === '' ? ' ' : '';
  // A line break would end the table row.
  const shown = inTable ? text.replace(/[\r\n]+/g, ' ').replace(/\|/g, '\\|') : text;
  return `${fence}${pad}${shown}${pad}${fence}`;
}

function operationNote(carried: readonly MessageModel[]): string {
  const { namespace, direction } = carried[0];
  const events = carried.map((m) => code(m.event)).join(', ');
  const who = direction === 'inbound' ? 'the client emits, the server handles' : 'the server emits, the client listens';
  return `**socket.io** namespace ${code(namespace)}, event${carried.length > 1 ? 's' : ''} ${events} (${who})`;
}

function namespaceTable(model: AsyncApiModel): string {
  const rows = [...model.namespaces.values()].map((ns) => {
    const list = (events: Map<string, MessageModel>) => [...events.keys()].map((e) => code(e, true)).join(', ');
    return `| ${code(ns.name, true)} | ${list(ns.inbound)} | ${list(ns.outbound)} |`;
  });
  return [
    '#### socket.io namespaces and events',
    '',
    '| Namespace | The client emits (the server handles) | The server emits (the client listens) |',
    '| --- | --- | --- |',
    ...rows,
  ].join('\n');
}

/** The node at `pointer`, following the document's local `$ref`s on the way. */
function followLocal(doc: Json, pointer: string): unknown {
  let node: unknown = doc;
  for (const token of parsePointer(pointer)) {
    node = dereference(doc, node);
    if ((!isRecord(node) && !Array.isArray(node)) || !Object.hasOwn(node, token)) return undefined;
    node = (node as Json)[token];
  }
  return dereference(doc, node);
}

function dereference(doc: Json, node: unknown): unknown {
  for (let hops = 0; hops < 32 && isRecord(node) && typeof node.$ref === 'string'; hops++) {
    if (!node.$ref.startsWith('#')) return node;
    try {
      node = getAtPointer(doc, parsePointer(node.$ref)).value;
    } catch {
      return undefined;
    }
  }
  return node;
}

function swapDirections(doc: Json): void {
  const done = new Set<object>();
  for (const item of Object.values(isRecord(doc.channels) ? doc.channels : {})) {
    const channel = dereference(doc, item);
    if (!isRecord(channel) || done.has(channel)) continue;
    done.add(channel);
    const { publish, subscribe } = channel;
    delete channel.publish;
    delete channel.subscribe;
    if (subscribe !== undefined) channel.publish = subscribe;
    if (publish !== undefined) channel.subscribe = publish;
  }
}
