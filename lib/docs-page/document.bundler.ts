import { basename, dirname, extname, resolve } from 'node:path';
import { parseDocumentFile } from '../document/document.loader.js';
import { appendPointer, getAtPointer, isRecord, parsePointer } from '../document/json-pointer.js';

type Json = Record<string, unknown>;

/** What a node of an AsyncAPI document is, as far as where a bundled copy of it may live is concerned. */
type Kind =
  | 'root'
  | 'components'
  | 'schema'
  | 'message'
  | 'channel'
  | 'operation'
  | 'reply'
  | 'replyAddress'
  | 'parameter'
  | 'server'
  | 'serverVariable'
  | 'messageTrait'
  | 'operationTrait'
  | 'correlationId'
  | 'securityScheme'
  | 'serverBindings'
  | 'channelBindings'
  | 'operationBindings'
  | 'messageBindings'
  | 'xAck'
  | 'other';

/** A map whose every value is of a kind (`channels`, `components.messages`, a channel's `parameters`...). */
type MapOf = { map: Kind };
type Place = Kind | MapOf;

const SECTIONS: Partial<Record<Kind, string>> = {
  schema: 'schemas',
  message: 'messages',
  channel: 'channels',
  operation: 'operations',
  reply: 'replies',
  replyAddress: 'replyAddresses',
  parameter: 'parameters',
  server: 'servers',
  serverVariable: 'serverVariables',
  messageTrait: 'messageTraits',
  operationTrait: 'operationTraits',
  correlationId: 'correlationIds',
  securityScheme: 'securitySchemes',
  serverBindings: 'serverBindings',
  channelBindings: 'channelBindings',
  operationBindings: 'operationBindings',
  messageBindings: 'messageBindings',
};
const SECTION_KINDS = new Map(Object.entries(SECTIONS).map(([kind, section]) => [section, kind as Kind]));
/** Components sections AsyncAPI 2.0-2.2 lack (2.3 added servers, channels and serverVariables; 3.0 the rest). */
const SINCE_2_3 = new Set(['servers', 'channels', 'serverVariables']);
const SINCE_3_0 = new Set(['operations', 'replies', 'replyAddresses']);

const CHILDREN: Partial<Record<Kind, Record<string, Place>>> = {
  root: {
    channels: { map: 'channel' },
    operations: { map: 'operation' },
    servers: { map: 'server' },
    components: 'components',
  },
  server: { variables: { map: 'serverVariable' }, bindings: 'serverBindings' },
  channel: {
    publish: 'operation',
    subscribe: 'operation',
    messages: { map: 'message' },
    parameters: { map: 'parameter' },
    bindings: 'channelBindings',
    servers: 'server',
  },
  operation: {
    message: 'message',
    messages: 'message',
    channel: 'channel',
    reply: 'reply',
    traits: 'operationTrait',
    bindings: 'operationBindings',
  },
  reply: { address: 'replyAddress', channel: 'channel', messages: 'message' },
  message: {
    oneOf: 'message',
    payload: 'schema',
    headers: 'schema',
    traits: 'messageTrait',
    correlationId: 'correlationId',
    bindings: 'messageBindings',
    'x-ack': 'xAck',
  },
  messageTrait: { headers: 'schema', correlationId: 'correlationId', bindings: 'messageBindings' },
  parameter: { schema: 'schema' },
  xAck: { args: 'schema' },
};

function childPlace(kind: Kind, key: string): Place {
  if (kind === 'schema') return 'schema';
  if (kind === 'components') {
    const of = SECTION_KINDS.get(key);
    return of ? { map: of } : 'other';
  }
  return CHILDREN[kind]?.[key] ?? 'other';
}

/**
 * The document as written, in one file: every relative-file `$ref` (and every `$ref` inside a referenced file) is
 * copied into the document's `components`, in the section its place calls for (`schemas`, `messages`...), and
 * points there; local `$ref`s of the root file are kept as written. The result is a tree, never a graph: recursive
 * schemas stay `$ref`s, and a cycle among the objects of a document given as an object becomes a `$ref` to its
 * first occurrence. A `$ref` that cannot be resolved is kept as written (`app.init()` reports it).
 */
export function bundleDocument(root: unknown, file: string): Json {
  return new DocumentBundler(file, root).bundle();
}

class DocumentBundler {
  private readonly files = new Map<string, unknown>();
  /** `file#pointer` of a bundled target -> its local `$ref`. */
  private readonly bundled = new Map<string, string>();
  private readonly added = new Map<string, Json>();
  private readonly version: number;

  constructor(
    private readonly rootFile: string,
    private readonly root: unknown,
  ) {
    this.files.set(rootFile, root);
    const asyncapi = isRecord(root) ? String(root.asyncapi) : '';
    this.version = asyncapi.startsWith('3.') ? 3 : /^2\.[3-6]\./.test(asyncapi) ? 2.3 : 2;
  }

  bundle(): Json {
    if (!isRecord(this.root)) return {};
    const out = this.copy(this.root, this.rootFile, '#', 'root', new Map()) as Json;
    if (this.added.size === 0) return out;
    const components: Json = isRecord(out.components) ? out.components : {};
    for (const [section, entries] of this.added) {
      define(components, section, { ...(isRecord(components[section]) ? components[section] : {}), ...entries });
    }
    define(out, 'components', components);
    return out;
  }

  /** `ancestors`: the objects being copied above this one, with the pointer of their copy, to break cycles. */
  private copy(value: unknown, file: string, pointer: string, place: Place, ancestors: Map<object, string>): unknown {
    if (typeof value !== 'object' || value === null) return value;
    const seen = ancestors.get(value);
    if (seen !== undefined) return { $ref: seen };
    const inner = new Map(ancestors).set(value, pointer);
    const kind = typeof place === 'string' ? place : place.map;
    if (Array.isArray(value)) {
      return value.map((item, i) => this.copy(item, file, appendPointer(pointer, i), kind, inner));
    }
    const record = value as Json;
    let out: Json = {};
    for (const [key, child] of Object.entries(record)) {
      if (key === '$ref' && typeof child === 'string') {
        const target = this.ref(child, file, pointer, kind, inner);
        if ('inline' in target) out = isRecord(target.inline) ? { ...target.inline, ...out } : out;
        else define(out, key, target.ref);
        continue;
      }
      const childAt = typeof place === 'string' ? childPlace(kind, key) : place.map;
      define(out, key, this.copy(child, file, appendPointer(pointer, key), childAt, inner));
    }
    return out;
  }

  /**
   * What replaces `$ref: ref`, written in `file` where a node of `kind` is expected: a local `$ref`, or the target
   * itself where `components` has no section for it (a 2.0 channel, say).
   */
  private ref(
    ref: string,
    file: string,
    pointer: string,
    kind: Kind,
    ancestors: Map<object, string>,
  ): { ref: string } | { inline: unknown } {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(ref)) return { ref };
    const hash = ref.indexOf('#');
    const path = hash === -1 ? ref : ref.slice(0, hash);
    const targetPointer = hash === -1 ? '#' : ref.slice(hash) || '#';
    const target = path === '' ? file : resolve(dirname(file), path);
    if (target === this.rootFile) return { ref: targetPointer };
    const key = `${target}${targetPointer}`;
    const known = this.bundled.get(key);
    if (known !== undefined) return { ref: known };
    const found = this.resolve(target, targetPointer);
    if (!found) return { ref };
    const section = this.sectionFor(kind);
    if (section === undefined) return { inline: this.copy(found.value, target, pointer, kind, ancestors) };
    const name = this.nameFor(section, target, targetPointer);
    const local = appendPointer('#/components', section, name);
    this.bundled.set(key, local);
    define(this.added.get(section)!, name, this.copy(found.value, target, local, kind, new Map()));
    return { ref: local };
  }

  private resolve(file: string, pointer: string): { value: unknown } | undefined {
    if (!this.files.has(file)) {
      try {
        this.files.set(file, parseDocumentFile(file));
      } catch {
        this.files.set(file, undefined);
      }
    }
    const root = this.files.get(file);
    if (root === undefined) return undefined;
    try {
      const { found, value } = getAtPointer(root, parsePointer(pointer));
      return found ? { value } : undefined;
    } catch {
      return undefined;
    }
  }

  private sectionFor(kind: Kind): string | undefined {
    const section = SECTIONS[kind];
    if (section === undefined) return undefined;
    if (this.version < 3 && SINCE_3_0.has(section)) return undefined;
    if (this.version < 2.3 && SINCE_2_3.has(section)) return undefined;
    return section;
  }

  /** The last token of the pointer (the file's name for a whole file), unique in its section, as keys may be. */
  private nameFor(section: string, file: string, pointer: string): string {
    const tokens = parsePointer(pointer);
    const base = tokens.length > 0 ? tokens[tokens.length - 1] : basename(file, extname(file));
    const name = base.replace(/[^A-Za-z0-9._-]/g, '_') || 'bundled';
    const components = isRecord(this.root) && isRecord(this.root.components) ? this.root.components : {};
    const taken = isRecord(components[section]) ? components[section] : {};
    if (!this.added.has(section)) this.added.set(section, {});
    const added = this.added.get(section)!;
    let unique = name;
    for (let i = 2; Object.hasOwn(taken, unique) || Object.hasOwn(added, unique); i++) unique = `${name}_${i}`;
    define(added, unique, {});
    return unique;
  }
}

/** Sets a key as data, whatever its name (`__proto__` included). */
function define(target: Json, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
