import type { AsynctionDocument } from '../document/document.reader.js';
import { isRecord, parsePointer } from '../document/json-pointer.js';
import { isServedSchemaFormat } from '../document/schema-format.js';
import type {
  MessageModel,
  NamespaceModel,
  SchemaModel,
  SecuritySchemeModel,
  SourceLocation,
} from '../interfaces/asyncapi-model.interface.js';
import { SchemaPrinter } from './schema.printer.js';
import { jsDoc, NameRegistry, pascalCase, propertyKey, quote } from './type-names.js';

/** How `asynction types` was asked to generate. */
export interface GenerateTypesOptions {
  /** The module the file imports from and augments. @default 'nestjs-asynction' */
  module?: string;
  /** Header lines under the "generated" notice: where it comes from, how to regenerate. */
  header?: readonly string[];
}

/** One message's types, as the events and the operations map use them. */
interface MessageTypes {
  message: MessageModel;
  /** Undefined when the document leaves the payload open. */
  payload?: string;
  ack?: string;
}

/** One namespace across every document. */
interface NamespaceTypes {
  name: string;
  prefix: string;
  description?: string;
  inbound: MessageTypes[];
  outbound: MessageTypes[];
}

const HELPERS = [
  'AsynctionConnectHandler',
  'AsynctionDisconnectHandler',
  'AsynctionErrorHandlerMethod',
  'AsynctionMessageHandler',
  'AsynctionVerifier',
];
/** Global names a schema must not shadow in the file (or in a user's `import type * as Api`). */
const GLOBALS = [
  'Array',
  'BigInt',
  'Boolean',
  'Date',
  'Error',
  'Function',
  'Map',
  'Number',
  'Object',
  'Omit',
  'Partial',
  'Pick',
  'Promise',
  'Readonly',
  'Record',
  'RegExp',
  'Required',
  'Set',
  'String',
  'Symbol',
];
const CREDENTIALS = ['ApiKeyCredentials', 'BasicCredentials', 'BearerCredentials', 'ScopeCheck', 'TokenCredentials'];

/** The credentials a scheme's verifying method receives (`lib/security/credentials.interface.ts`). */
function credentialsOf(scheme: SecuritySchemeModel): string {
  if (scheme.type === 'http') return scheme.httpScheme === 'bearer' ? 'BearerCredentials' : 'BasicCredentials';
  if (scheme.type === 'userPassword') return 'BasicCredentials';
  if (scheme.type === 'httpApiKey' || scheme.type === 'apiKey') return 'ApiKeyCredentials';
  return 'TokenCredentials';
}

/**
 * The name a schema's place gives it: a `components.schemas` key (in any file), a top-level key of a referenced
 * schema file, or a `components.messages` key for a message payload (`<Key>`) or Asynction ack (`<Key>Ack`).
 */
function componentName(at: SourceLocation | undefined, rootFiles: ReadonlySet<string>): string | undefined {
  if (!at) return undefined;
  let tokens: string[];
  try {
    tokens = parsePointer(at.pointer);
  } catch {
    return undefined;
  }
  const [a, b, c, ...rest] = tokens;
  if (a === 'components' && b === 'schemas' && c !== undefined && rest.length === 0) return pascalCase(c);
  if ((a === 'definitions' || a === '$defs') && b !== undefined && c === undefined) return pascalCase(b);
  if (a === 'components' && b === 'messages' && c !== undefined) {
    const tail = rest.join('/');
    if (tail === 'payload' || tail === 'payload/schema') return pascalCase(c);
    if (tail === 'x-ack/args') return `${pascalCase(c)}Ack`;
  }
  if (!rootFiles.has(at.file) && a !== undefined && b === undefined) return pascalCase(a);
  return undefined;
}

/**
 * The TypeScript of one application's documents (several are one application, as `forRoot({ spec: [...] })` serves
 * them): named schema types, each message's payload and acknowledgement, socket.io's typed-event maps per namespace,
 * and the augmentation of `AsynctionOperations` and `AsynctionNamespaces` that types `@AsyncOperation` and
 * `AsynctionEmitter`. Deterministic: the same documents give the same text.
 */
export function generateTypes(documents: readonly AsynctionDocument[], options: GenerateTypesOptions = {}): string {
  return new TypesGenerator(documents, options.module ?? 'nestjs-asynction').print(options.header ?? []);
}

class TypesGenerator {
  private readonly registry = new NameRegistry();
  private readonly printer: SchemaPrinter;
  private readonly namespaces = new Map<string, NamespaceTypes>();
  private readonly imports = new Set<string>();

  constructor(
    private readonly documents: readonly AsynctionDocument[],
    private readonly module: string,
  ) {
    const rootFiles = new Set(documents.map((d) => d.model.file));
    const origins = documents.flatMap((d) => (d.checked ? [d.checked.origins] : []));
    this.printer = new SchemaPrinter(this.registry, (schema) =>
      componentName(
        origins.map((o) => o.get(schema)).find((at) => at !== undefined),
        rootFiles,
      ),
    );
    [...HELPERS, ...CREDENTIALS, ...GLOBALS].forEach((name) => this.registry.reserve(name));
    for (const document of documents) {
      for (const ns of document.model.namespaces.values()) this.namespaceTypes(ns);
    }
  }

  print(header: readonly string[]): string {
    this.nameComponents();
    for (const ns of this.namespaces.values()) {
      for (const list of [ns.inbound, ns.outbound]) list.forEach((m) => this.nameMessage(ns, m));
    }
    const schemas = this.printer.declarations();
    const events = [...this.namespaces.values()].map((ns) => this.eventMaps(ns)).join('\n');
    const augmentation = this.augmentation();
    const imports = [...this.imports].sort();
    return [
      '/* eslint-disable */',
      jsDoc(
        [
          'Generated by `asynction types` (nestjs-asynction). Do not edit: edit the AsyncAPI document and regenerate.',
          ...header,
          '',
          'Types only: importing this file adds no code. In the program, it makes the compiler check `@AsyncOperation`',
          'methods and `AsynctionEmitter` calls against the document.',
        ],
        '',
      ).trimEnd(),
      importLine(imports, this.module),
      schemas,
      events,
      augmentation,
    ]
      .filter((part) => part !== '')
      .join('\n');
  }

  /** Every namespace of every document, in document order: the event-map names are reserved before any schema's. */
  private namespaceTypes(ns: NamespaceModel): void {
    let entry = this.namespaces.get(ns.name);
    if (!entry) {
      const prefix = ns.name === '/' ? '' : pascalCase(ns.name, 'Namespace');
      entry = { name: ns.name, prefix, description: ns.description, inbound: [], outbound: [] };
      this.namespaces.set(ns.name, entry);
      this.registry.reserve(`${prefix}ClientToServerEvents`);
      this.registry.reserve(`${prefix}ServerToClientEvents`);
    }
    entry.inbound.push(...[...ns.inbound.values()].map((message) => ({ message })));
    entry.outbound.push(...[...ns.outbound.values()].map((message) => ({ message })));
  }

  /** `components.schemas` first, in document order, so their names are theirs. */
  private nameComponents(): void {
    for (const document of this.documents) {
      const components = document.checked?.resolved.components;
      const schemas = isRecord(components) && isRecord(components.schemas) ? components.schemas : {};
      for (const [key, value] of Object.entries(schemas)) {
        const schema = servedSchema(value);
        if (schema !== undefined) this.printer.name(schema, pascalCase(key), `${pascalCase(key)}Schema`);
      }
    }
  }

  private nameMessage(ns: NamespaceTypes, types: MessageTypes): void {
    const { message } = types;
    const base = `${ns.prefix}${pascalCase(message.event, 'Event')}`;
    const direction = message.direction === 'inbound' ? 'Received' : 'Sent';
    const name = (schema: SchemaModel | undefined, role: string) =>
      schema && this.printer.name(schema.schema, `${base}${role}`, `${base}${direction}${role}`);
    types.payload = name(message.payload, 'Payload');
    types.ack = name(message.ack, 'Ack');
  }

  /** socket.io's typed-event maps: `Socket<ServerToClientEvents, ClientToServerEvents>` on the client. */
  private eventMaps(ns: NamespaceTypes): string {
    const where = `namespace "${ns.name}"`;
    const map = (name: string, doc: string, list: MessageTypes[]) => {
      const lines = list.map((m) => {
        const comment = jsDoc(m.message.description ? [m.message.description] : [], '  ');
        return `${comment}  ${propertyKey(m.message.event)}: ${this.listener(m)};`;
      });
      return `${jsDoc([doc], '')}export interface ${name} {${lines.length > 0 ? `\n${lines.join('\n')}\n` : ''}}\n`;
    };
    const about = ns.description ? ` ${ns.description}` : '';
    return [
      map(`${ns.prefix}ClientToServerEvents`, `What clients send on ${where}.${about}`, ns.inbound),
      map(`${ns.prefix}ServerToClientEvents`, `What the server sends on ${where} (clients listen to it).`, ns.outbound),
    ].join('\n');
  }

  /** One socket.io listener type: the arguments, then the acknowledgement callback where the document has one. */
  private listener(types: MessageTypes): string {
    const { message, payload, ack } = types;
    const callback =
      ack === undefined ? undefined : message.ack!.tuple ? `(...ack: ${ack}) => void` : `(ack: ${ack}) => void`;
    if (payload === undefined) {
      return callback ? `(payload: unknown, callback: ${callback}) => void` : '(payload?: unknown) => void';
    }
    if (message.payload!.tuple) {
      return callback ? `(...args: [...${payload}, callback: ${callback}]) => void` : `(...args: ${payload}) => void`;
    }
    return callback ? `(payload: ${payload}, callback: ${callback}) => void` : `(payload: ${payload}) => void`;
  }

  private augmentation(): string {
    const operations = this.operations();
    const namespaces = [...this.namespaces.values()].map((ns) => {
      const events = ns.outbound.map((m) => {
        const args =
          m.payload === undefined ? 'unknown[]' : m.message.payload!.tuple ? m.payload : `[payload: ${m.payload}]`;
        return `      ${propertyKey(m.message.event)}: { args: ${args}; ack: ${m.ack ?? 'unknown'} };`;
      });
      return `    ${quote(ns.name)}: {${events.length > 0 ? `\n${events.join('\n')}\n    ` : ''}};`;
    });
    const lines = [
      `declare module ${quote(this.module)} {`,
      '  /** Every id `@AsyncOperation` binds, with the method the document allows. */',
      `  interface AsynctionOperations {${operations.length > 0 ? `\n${operations.join('\n')}\n  ` : ''}}`,
      '  /** Every namespace, with the events the application sends: their arguments and acknowledgement. */',
      `  interface AsynctionNamespaces {${namespaces.length > 0 ? `\n${namespaces.join('\n')}\n  ` : ''}}`,
      '}',
    ];
    return `${lines.join('\n')}\n`;
  }

  /** Id -> method type; an id with several roles must satisfy each (an intersection). */
  private operations(): string[] {
    const roles = new Map<string, string[]>();
    const add = (id: string, type: string) => {
      const list = roles.get(id) ?? [];
      if (!list.includes(type)) list.push(type);
      roles.set(id, list);
    };
    const handled = new Map<string, MessageTypes[]>();
    for (const ns of this.namespaces.values()) {
      for (const m of ns.inbound) {
        const id = m.message.handler?.id;
        if (id !== undefined) handled.set(id, [...(handled.get(id) ?? []), m]);
      }
    }
    for (const [id, list] of handled) add(id, this.handlerType(list));
    for (const document of this.documents) {
      for (const ns of document.model.namespaces.values()) {
        if (ns.error) add(ns.error.id, this.use('AsynctionErrorHandlerMethod'));
        if (ns.connect) add(ns.connect.id, this.use('AsynctionConnectHandler'));
        if (ns.disconnect) add(ns.disconnect.id, this.use('AsynctionDisconnectHandler'));
      }
      for (const scheme of document.model.securitySchemes?.values() ?? []) {
        if (scheme.verifier)
          add(scheme.verifier.id, `${this.use('AsynctionVerifier')}<${this.use(credentialsOf(scheme))}>`);
        if (scheme.scopeValidator) {
          add(scheme.scopeValidator.id, `${this.use('AsynctionVerifier')}<${this.use('ScopeCheck')}, boolean>`);
        }
      }
    }
    return [...roles].map(([id, types]) => `    ${propertyKey(id)}: ${types.join(' & ')};`);
  }

  /** Several events bound to one id: the method takes any of their payloads and returns any of their acks. */
  private handlerType(list: MessageTypes[]): string {
    const union = (types: Array<string | undefined>) =>
      types.some((t) => t === undefined) ? 'unknown' : [...new Set(types)].join(' | ');
    const payload = union(list.map((m) => m.payload));
    const ack = union(list.map((m) => m.ack));
    const helper = this.use('AsynctionMessageHandler');
    return ack === 'unknown' ? `${helper}<${payload}>` : `${helper}<${payload}, ${ack}>`;
  }

  /** A name imported from the library. */
  private use(name: string): string {
    this.imports.add(name);
    return name;
  }
}

/** A `components.schemas` entry as a JSON Schema: a served Multi Format Schema is unwrapped, others are skipped. */
function servedSchema(value: unknown): SchemaModel['schema'] | undefined {
  if (typeof value === 'boolean') return value;
  if (!isRecord(value)) return undefined;
  if (typeof value.schemaFormat === 'string' && 'schema' in value) {
    const inner = value.schema;
    return isServedSchemaFormat(value.schemaFormat) && (isRecord(inner) || typeof inner === 'boolean')
      ? inner
      : undefined;
  }
  return value;
}

/** `import type { ... } from '<module>'`, one name a line when it is long; `export {}` keeps a module a module. */
function importLine(names: readonly string[], module: string): string {
  if (names.length === 0) return 'export {};\n';
  const line = `import type { ${names.join(', ')} } from ${quote(module)};`;
  return line.length <= 120
    ? `${line}\n`
    : `import type {\n${names.map((n) => `  ${n},`).join('\n')}\n} from ${quote(module)};\n`;
}
