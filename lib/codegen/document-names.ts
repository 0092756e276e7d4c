import type { AsynctionDocument } from '../document/document.reader.js';
import { getAtPointer, isRecord, parsePointer } from '../document/json-pointer.js';
import { isServedSchemaFormat } from '../document/schema-format.js';
import type {
  JsonSchema,
  MessageModel,
  SecuritySchemeModel,
  SourceLocation,
} from '../interfaces/asyncapi-model.interface.js';
import { pascalCase } from './type-names.js';

/** The library's method types the generated file imports. */
export const HELPERS = [
  'AsynctionConnectHandler',
  'AsynctionDisconnectHandler',
  'AsynctionErrorHandlerMethod',
  'AsynctionMessageHandler',
  'AsynctionVerifier',
];
/** Global names a schema must not shadow in the file (or in a user's `import type * as Api`). */
export const GLOBALS = [
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
export const CREDENTIALS = [
  'ApiKeyCredentials',
  'BasicCredentials',
  'BearerCredentials',
  'ScopeCheck',
  'TokenCredentials',
];

/** The credentials a scheme's verifying method receives (`lib/security/credentials.interface.ts`). */
export function credentialsOf(scheme: SecuritySchemeModel): string {
  if (scheme.type === 'http') return scheme.httpScheme === 'bearer' ? 'BearerCredentials' : 'BasicCredentials';
  if (scheme.type === 'userPassword') return 'BasicCredentials';
  if (scheme.type === 'httpApiKey' || scheme.type === 'apiKey') return 'ApiKeyCredentials';
  return 'TokenCredentials';
}

/**
 * The name a schema's place gives it: a `components.schemas` key (in any file), a top-level key of a referenced
 * schema file, or a `components.messages` key for a message payload (`<Key>`) or Asynction ack (`<Key>Ack`).
 */
export function componentName(at: SourceLocation | undefined, rootFiles: ReadonlySet<string>): string | undefined {
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

/** A `components.schemas` entry as a JSON Schema: a served Multi Format Schema is unwrapped, others are skipped. */
export function servedSchema(value: unknown): JsonSchema | undefined {
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

/** A message's `description`, else its `summary`, else its `title`, read where the model says it was declared. */
export function messageDescription(document: AsynctionDocument, message: MessageModel): string | undefined {
  if (!document.checked || message.at.file !== document.model.file) return undefined;
  let tokens: string[];
  try {
    tokens = parsePointer(message.at.pointer);
  } catch {
    return undefined;
  }
  const { value } = getAtPointer(document.checked.resolved, tokens);
  if (!isRecord(value)) return undefined;
  const text = [value.description, value.summary, value.title].find((t) => typeof t === 'string' && t.trim() !== '');
  return text as string | undefined;
}

/** Every id `@AsyncOperation` can bind in these documents: handlers, lifecycle handlers, security verifiers. */
export function bindableIds(documents: readonly AsynctionDocument[]): Set<string> {
  const ids = new Set<string>();
  for (const { model } of documents) {
    for (const ns of model.namespaces.values()) {
      for (const message of ns.inbound.values()) if (message.handler) ids.add(message.handler.id);
      for (const ref of [ns.error, ns.connect, ns.disconnect]) if (ref) ids.add(ref.id);
    }
    for (const scheme of model.securitySchemes?.values() ?? []) {
      for (const ref of [scheme.verifier, scheme.scopeValidator]) if (ref) ids.add(ref.id);
    }
  }
  return ids;
}
