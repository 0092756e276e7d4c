/**
 * The wording of the official-schema check: each finding named by the AsyncAPI object it is in, in the voice of
 * every startup problem.
 */
import type { OfficialSchemaFinding } from '../interfaces/official-schema-finding.interface.js';

/**
 * A finding of the official-schema check, worded: the AsyncAPI object it is in (`channel "a/b" publish operation`),
 * what is wrong, and how to fix it.
 * @param version the official schema version the document was checked against (`2.6.0`)
 */
export function officialSchemaProblem(f: OfficialSchemaFinding, version: string): { message: string; fix: string } {
  const { label, rest } = describe(f.path, version);
  const field = rest.length > 0 ? formatField(rest) : undefined;
  const where = field ? `${label}: "${field}"` : label;
  const it = field ? `"${field}"` : label;
  switch (f.kind) {
    case 'type': {
      const expected = typeNoun(f.expected);
      const quote = f.expected.includes('string') && isScalarNotString(f.data) ? ' (quote the value)' : '';
      return {
        message: `${where} must be ${expected}, not ${valueNoun(f.data)}`,
        fix: `change ${it} to ${expected}${quote}`,
      };
    }
    case 'required':
      return {
        message: `${where}: required property "${f.property}" is missing`,
        fix: `add "${f.property}"${f.description ? ` (${firstSentence(f.description)})` : ''}`,
      };
    case 'requiredOneOf':
      return {
        message: `${where} needs one of ${f.properties.map((p) => `"${p}"`).join(', ')}`,
        fix: `add ${f.properties.map((p) => `"${p}"`).join(' or ')}`,
      };
    case 'additional': {
      const allowed = [...f.allowed, ...(f.extensions ? ['x-*'] : [])];
      const suggestion = f.suggestion;
      const list = allowed.length > 0 ? ` (allowed: ${allowed.join(', ')})` : ' (no properties are allowed here)';
      const missing = f.missingRequired && suggestion ? `, and required property "${suggestion}" is missing` : '';
      return {
        message: `${where}: property "${f.property}" is not allowed${missing}`,
        fix: suggestion
          ? `rename "${f.property}" to "${suggestion}", or remove it${list}`
          : `remove "${f.property}" or correct its spelling${list}`,
      };
    }
    case 'enum': {
      const allowed = f.allowed.map((v) => JSON.stringify(v)).join(', ');
      const hint =
        (f.data === 'publish' || f.data === 'subscribe') && f.allowed.includes('send')
          ? ' (AsyncAPI 3 replaced publish/subscribe: "send" when the application sends the message,' +
            ' "receive" when it receives it)'
          : '';
      const one = f.allowed.length === 1 && !f.orTypes;
      const or = f.orTypes ? ` or ${typeNoun(f.orTypes)}` : '';
      const value = f.data !== null && typeof f.data === 'object' ? valueNoun(f.data) : JSON.stringify(f.data);
      const meant = f.suggestion;
      return {
        message: `${where} is ${value ?? 'undefined'}, which is not ${one ? allowed : `one of ${allowed}${or}`}`,
        fix: meant
          ? `use ${JSON.stringify(meant)}${one ? '' : ` (allowed: ${allowed}${or})`}`
          : one
            ? `use ${allowed}${hint}`
            : `use one of ${allowed}${or}${hint}`,
      };
    }
    case 'noMatch':
      return {
        message: `${where} matches none of the allowed forms (${f.alternatives.join('; ')})`,
        fix: `rewrite ${it} as one of: ${f.alternatives.join('; ')}`,
      };
    case 'ambiguous':
      return {
        message:
          `${where} matches more than one of the allowed forms (${f.alternatives.join('; ')}),` +
          ' but must match exactly one',
        fix: `remove the properties that make ${it} fit more than one form`,
      };
    case 'format':
      return {
        message: `${where} is ${JSON.stringify(f.data)}, which is not a valid ${f.format}`,
        fix: `write ${it} as a valid ${f.format}`,
      };
    case 'key': {
      // Name the thing the key introduces (`channel "a b"`), when it is a known kind of thing.
      const child = describe([...f.path, f.key], version);
      const whose = child.rest.length === 0 ? `${child.label}: its name` : `${where}: key "${f.key}"`;
      return {
        message: `${whose} ${f.text}`,
        fix: `rename "${f.key}" (its name ${f.text})`,
      };
    }
    case 'other':
      return {
        message: `${where} ${f.text}`,
        fix: f.fix ?? `correct ${it} as the AsyncAPI ${version.replace(/\.0$/, '')} schema requires`,
      };
  }
}

const COMPONENT_NAMES: Readonly<Record<string, string>> = {
  schemas: 'schema',
  messages: 'message',
  securitySchemes: 'security scheme',
  parameters: 'parameter',
  correlationIds: 'correlation ID',
  operationTraits: 'operation trait',
  messageTraits: 'message trait',
  serverBindings: 'server bindings',
  channelBindings: 'channel bindings',
  operationBindings: 'operation bindings',
  messageBindings: 'message bindings',
  servers: 'server',
  serverVariables: 'server variable',
  channels: 'channel',
  operations: 'operation',
  replies: 'reply',
  replyAddresses: 'reply address',
  tags: 'tag',
  externalDocs: 'external docs',
};

/** Names the AsyncAPI object at `path` (`channel "a/b" publish operation message`), and the path left inside it. */
function describe(path: readonly string[], version: string): { label: string; rest: string[] } {
  const p = [...path];
  const v2 = version.startsWith('2.');
  const words: string[] = [];
  const next = (): string => p.shift()!;
  const is = (...names: string[]): boolean => p.length > 0 && names.includes(p[0]!);

  const messageTail = (): void => {
    while (is('oneOf') && p.length >= 2 && /^\d+$/.test(p[1]!)) {
      next();
      words.push(`oneOf[${next()}]`);
    }
    if (is('payload', 'headers')) words.push(next());
  };
  const operationTail = (): void => {
    if (v2 && is('message')) {
      words.push(next());
      messageTail();
    } else if (!v2 && is('reply')) words.push(next());
  };
  const channelTail = (): void => {
    if (v2 && is('publish', 'subscribe')) {
      words.push(`${next()} operation`);
      operationTail();
    } else if (!v2 && is('messages') && p.length >= 2) {
      next();
      words.push(`message "${next()}"`);
      messageTail();
    } else if (is('parameters') && p.length >= 2) {
      next();
      words.push(`parameter "${next()}"`);
    }
  };
  const serverTail = (): void => {
    if (is('variables') && p.length >= 2) {
      next();
      words.push(`variable "${next()}"`);
    }
  };

  if (is('info')) {
    words.push(next());
    if (is('contact', 'license')) words.push(next());
  } else if (is('servers') && p.length >= 2) {
    next();
    words.push(`server "${next()}"`);
    serverTail();
  } else if (is('channels') && p.length >= 2) {
    next();
    words.push(`channel "${next()}"`);
    channelTail();
  } else if (!v2 && is('operations') && p.length >= 2) {
    next();
    words.push(`operation "${next()}"`);
    operationTail();
  } else if (is('components') && p.length >= 3 && Object.hasOwn(COMPONENT_NAMES, p[1]!)) {
    next();
    const kind = next();
    words.push(`component ${COMPONENT_NAMES[kind]} "${next()}"`);
    if (kind === 'messages') messageTail();
    else if (kind === 'channels') channelTail();
    else if (kind === 'operations') operationTail();
    else if (kind === 'servers') serverTail();
  }
  return { label: words.length > 0 ? words.join(' ') : 'the document', rest: p };
}

function formatField(rest: readonly string[]): string {
  return rest.map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
}

function typeNoun(types: readonly string[]): string {
  const set = new Set(types);
  if (set.size === 2 && set.has('object') && set.has('boolean')) return 'a schema (an object or a boolean)';
  const nouns = [...set].map((t) =>
    t === 'object'
      ? 'an object'
      : t === 'array'
        ? 'an array'
        : t === 'integer'
          ? 'an integer'
          : t === 'null'
            ? 'null'
            : `a ${t}`,
  );
  return nouns.length <= 1 ? (nouns[0] ?? 'something else') : `${nouns.slice(0, -1).join(', ')} or ${nouns.at(-1)}`;
}

function valueNoun(data: unknown): string {
  if (data === null) return 'null';
  if (Array.isArray(data)) return 'an array';
  if (data instanceof Date) return 'a date (YAML reads an unquoted date as a date)';
  switch (typeof data) {
    case 'string':
      return `a string (${JSON.stringify(data.length > 40 ? `${data.slice(0, 37)}...` : data)})`;
    case 'number':
      return `a number (${String(data)})`;
    case 'boolean':
      return `a boolean (${String(data)})`;
    case 'object':
      return 'an object';
    default:
      return typeof data;
  }
}

function isScalarNotString(data: unknown): boolean {
  return typeof data === 'number' || typeof data === 'boolean' || data instanceof Date;
}

function firstSentence(text: string): string {
  const line = text.split(/(?<=\.)\s/)[0]!.trim();
  return line.length > 120 ? `${line.slice(0, 117)}...` : line;
}
