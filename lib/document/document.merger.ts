import { startupMessages } from '../messages/index.js';
import type {
  HandlerRefModel,
  MessageModel,
  NamespaceModel,
  SourceLocation,
} from '../interfaces/asyncapi-model.interface.js';
import type { AsynctionDocument, MessageValidators } from './document.reader.js';
import type { SpecProblem } from '../interfaces/spec-problem.interface.js';

/** A namespace served from several documents, and the first document that declares it. */
export interface MergedNamespace {
  model: NamespaceModel;
  owner: AsynctionDocument;
}

/** The namespaces of every document of an application, as one set. */
export interface MergedDocuments {
  namespaces: Map<string, MergedNamespace>;
  /** The compiled schemas of every document's messages. */
  validators: Map<MessageModel, MessageValidators>;
  /** Each thing two documents declare differently: the same event, handler or setting of one namespace. */
  problems: SpecProblem[];
}

type Lifecycle = 'connect' | 'disconnect' | 'error';
const LIFECYCLE: ReadonlyArray<[Lifecycle, string]> = [
  ['connect', 'connect handler'],
  ['disconnect', 'disconnect handler'],
  ['error', 'error handler'],
];

/**
 * Merges documents served by one application. Documents may share a namespace; what they both declare there (an
 * event in one direction, a lifecycle handler, security, handshake bindings) must be identical, and is then served
 * once. A namespace declared by one document only keeps its model object.
 */
export function mergeDocuments(documents: readonly AsynctionDocument[]): MergedDocuments {
  const namespaces = new Map<string, MergedNamespace>();
  const validators = new Map<MessageModel, MessageValidators>();
  const problems: SpecProblem[] = [];
  for (const document of documents) {
    for (const [message, compiled] of document.validators) validators.set(message, compiled);
    for (const ns of document.model.namespaces.values()) {
      const existing = namespaces.get(ns.name);
      if (!existing) {
        namespaces.set(ns.name, { model: ns, owner: document });
        continue;
      }
      if (existing.model === ns) continue;
      if (existing.owner.model.namespaces.get(ns.name) === existing.model) {
        existing.model = {
          ...existing.model,
          inbound: new Map(existing.model.inbound),
          outbound: new Map(existing.model.outbound),
        };
      }
      problems.push(...mergeInto(existing.model, ns));
    }
  }
  return { namespaces, validators, problems };
}

function mergeInto(target: NamespaceModel, source: NamespaceModel): SpecProblem[] {
  const problems: SpecProblem[] = [];
  const conflict = (what: string, at: SourceLocation, other: SourceLocation) =>
    problems.push({ at, ...startupMessages.documentsConflict(what, target.name, other) });
  for (const [key, what] of LIFECYCLE) {
    const mine = target[key];
    const theirs = source[key];
    if (!theirs) continue;
    if (!mine) target[key] = theirs;
    else if (mine.id !== theirs.id) conflict(`the ${what} "${theirs.id}"`, theirs.at, mine.at);
  }
  for (const key of ['security', 'bindings'] as const) {
    const theirs = source[key];
    if (theirs === undefined) continue;
    if (target[key] === undefined) (target as unknown as Record<string, unknown>)[key] = theirs;
    else if (!sameContent(target[key], theirs, true))
      conflict(key === 'security' ? 'the security' : 'the handshake bindings', source.at, target.at);
  }
  for (const direction of ['inbound', 'outbound'] as const) {
    for (const [event, message] of source[direction]) {
      const other = target[direction].get(event);
      if (!other) target[direction].set(event, message);
      else if (!sameMessage(other, message)) conflict(`${direction} event "${event}"`, message.at, other.at);
    }
  }
  return problems;
}

function sameMessage(a: MessageModel, b: MessageModel): boolean {
  const sameHandler = (x?: HandlerRefModel, y?: HandlerRefModel) => x?.id === y?.id;
  return (
    sameHandler(a.handler, b.handler) &&
    sameContent(a.payload?.schema, b.payload?.schema) &&
    sameContent(a.ack?.schema, b.ack?.schema) &&
    sameContent(a.security, b.security, true)
  );
}

/**
 * Deep equality of JSON-like values that may be cyclic (recursive schemas). With `ignoreLocations`, `at` keys
 * (where a model object was declared) are not compared: two documents declare the same thing in two places.
 */
function sameContent(a: unknown, b: unknown, ignoreLocations = false, seen = new Map<object, object>()): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (seen.get(a) === b) return true;
  seen.set(a, b);
  const keys = (o: object) => Object.keys(o).filter((k) => !(ignoreLocations && k === 'at'));
  const ka = keys(a);
  const kb = keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every(
    (k) =>
      Object.hasOwn(b, k) &&
      sameContent((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], ignoreLocations, seen),
  );
}
