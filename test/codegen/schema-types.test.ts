import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateTypes } from '../../lib/codegen/index.js';
import { readDocument } from '../../lib/document/document.reader.js';
import { literalType, pascalCase, propertyKey, quote } from '../../lib/codegen/type-names.js';

type Json = Record<string, unknown>;

function generate(doc: Json): string {
  const read = readDocument(doc, { validation: true, perspective: 'client' });
  assert.deepEqual(
    read.problems.map((p) => p.message),
    [],
  );
  return generateTypes([read]);
}

/** A 2.6 document whose one inbound event "e" (handler "h") carries `payload`. */
function withPayload(payload: unknown, components: Json = {}, message: Json = {}): Json {
  return {
    asyncapi: '2.6.0',
    info: { title: 't', version: '1' },
    channels: { '/': { publish: { message: { name: 'e', 'x-handler': 'h', payload, ...message } } } },
    components,
  };
}

/** The declaration of `name`: from its `export` line to the blank line that ends it. */
function declaration(text: string, name: string): string {
  const start = text.search(new RegExp(`^export (interface|type) ${name}\\b`, 'm'));
  assert.notEqual(start, -1, `${name} is declared in:\n${text}`);
  const end = text.indexOf('\n\n', start);
  return text.slice(start, end === -1 ? undefined : end).trim();
}

const payloadType = (payload: unknown, components?: Json) =>
  declaration(generate(withPayload(payload, components)), 'EPayload');

describe('asynction types: JSON Schema shapes', () => {
  it('objects: required and optional properties; additionalProperties absent, false, or a schema', () => {
    const open = { type: 'object', required: ['a'], properties: { a: { type: 'string' }, b: { type: 'integer' } } };
    assert.equal(
      payloadType(open),
      'export interface EPayload {\n  a: string;\n  b?: number;\n  [key: string]: unknown;\n}',
    );
    assert.equal(
      payloadType({ ...open, additionalProperties: false }),
      'export interface EPayload {\n  a: string;\n  b?: number;\n}',
    );
    assert.equal(
      payloadType({ ...open, additionalProperties: { type: 'boolean' } }),
      'export interface EPayload {\n  a: string;\n  b?: number;\n  [key: string]: boolean | string | number | undefined;\n}',
    );
    assert.equal(
      payloadType({ type: 'object', additionalProperties: false }),
      'export interface EPayload {\n  [key: string]: never;\n}',
    );
    assert.equal(
      payloadType({ type: 'object', required: ['x'], additionalProperties: false }),
      'export interface EPayload {\n  x: unknown;\n}',
    );
    assert.equal(payloadType({ type: 'object', properties: { 'a-b': { const: 1 } } }).includes("'a-b'?: 1;"), true);
  });

  it('enum and const are literal types; formats stay string, noted in the JSDoc', () => {
    assert.equal(payloadType({ enum: ['a', 2, true, null] }), "export type EPayload = 'a' | 2 | true | null;");
    assert.equal(payloadType({ const: "it's" }), "export type EPayload = 'it\\'s';");
    const text = generate(withPayload({ type: 'string', format: 'date-time', description: 'When */ it ran' }));
    assert.match(text, /\/\*\*\n \* When \*\\\/ it ran\n \* @format date-time\n \*\/\nexport type EPayload = string;/);
  });

  it('oneOf and anyOf are unions, allOf an intersection, beside the schema own keywords', () => {
    assert.equal(
      payloadType({ oneOf: [{ type: 'string' }, { type: 'number' }] }),
      'export type EPayload = string | number;',
    );
    assert.equal(
      payloadType({ anyOf: [{ type: 'string' }, { type: 'null' }] }),
      'export type EPayload = string | null;',
    );
    const a = { type: 'object', required: ['a'], properties: { a: { type: 'string' } }, additionalProperties: false };
    const b = { type: 'object', required: ['b'], properties: { b: { type: 'number' } }, additionalProperties: false };
    assert.equal(payloadType({ allOf: [a, b] }), 'export type EPayload = {\n  a: string;\n} & {\n  b: number;\n};');
    assert.equal(
      payloadType({ type: 'object', additionalProperties: false, oneOf: [a, b] }),
      'export type EPayload = {\n  [key: string]: never;\n} & ({\n  a: string;\n} | {\n  b: number;\n});',
    );
  });

  it('nullable: true and type lists with "null" admit null', () => {
    assert.equal(payloadType({ type: 'string', nullable: true }), 'export type EPayload = string | null;');
    assert.equal(payloadType({ type: ['integer', 'null'] }), 'export type EPayload = number | null;');
    assert.equal(
      payloadType({ type: ['object', 'null'], additionalProperties: false }),
      'export type EPayload = {\n  [key: string]: never;\n} | null;',
    );
  });

  it('arrays, and tuples as socket.io argument lists (prefixItems and draft-07 items: [...])', () => {
    assert.equal(payloadType({ type: 'array', items: { type: 'string' } }), 'export type EPayload = string[];');
    assert.equal(
      payloadType({ type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'number' }] } }),
      'export type EPayload = (string | number)[];',
    );
    const text = generate(withPayload({ type: 'array', prefixItems: [{ type: 'string' }, { type: 'integer' }] }));
    assert.equal(declaration(text, 'EPayload'), 'export type EPayload = [string?, number?, ...unknown[]];');
    assert.match(text, /\n {2}e: \(\.\.\.args: EPayload\) => void;/, 'a tuple is spread as socket.io arguments');
    assert.equal(
      payloadType({ type: 'array', prefixItems: [{ type: 'string' }, { type: 'integer' }], minItems: 1, items: false }),
      'export type EPayload = [string, number?];',
    );
    assert.equal(
      payloadType({ type: 'array', items: [{ type: 'string' }], additionalItems: { type: 'boolean' }, minItems: 1 }),
      'export type EPayload = [string, ...boolean[]];',
    );
    assert.equal(
      payloadType({ type: 'array', items: [{ type: 'string' }, { type: 'string' }], maxItems: 1 }),
      'export type EPayload = [string?];',
    );
    // An empty prefix beside items: no fixed argument, any number of strings.
    const rest = generate(withPayload({ type: 'array', prefixItems: [], items: { type: 'string' } }));
    assert.equal(declaration(rest, 'EPayload'), 'export type EPayload = string[];');
    assert.match(rest, /\n {2}e: \(\.\.\.args: EPayload\) => void;/);
  });

  it("$ref'd components are named types with their JSDoc, declared once in document order", () => {
    const components = {
      schemas: {
        Money: { description: 'Cents.', type: 'integer' },
        Item: {
          type: 'object',
          required: ['price'],
          properties: {
            price: { $ref: '#/components/schemas/Money' },
            label: { type: 'string', description: 'Shown' },
          },
        },
      },
    };
    const text = generate(withPayload({ $ref: '#/components/schemas/Item' }, components));
    assert.equal(declaration(text, 'Money'), 'export type Money = number;');
    assert.match(text, /\/\*\* Cents\. \*\/\nexport type Money = number;/);
    assert.match(declaration(text, 'Item'), /price: Money;\n {2}\/\*\* Shown \*\/\n {2}label\?: string;/);
    assert.ok(text.indexOf('export type Money') < text.indexOf('export interface Item'));
    assert.match(text, /\n {2}e: \(payload: Item\) => void;/, 'the payload is the component itself, no alias');
    assert.match(text, /h: AsynctionMessageHandler<Item>;/);
  });

  it('recursive schemas are named once and referenced, never copied (a component or an inline one)', () => {
    const tree = {
      type: 'object',
      required: ['name'],
      properties: {
        name: { type: 'string' },
        children: { type: 'array', items: { $ref: '#/components/schemas/Tree' } },
      },
    };
    const text = generate(withPayload({ $ref: '#/components/schemas/Tree' }, { schemas: { Tree: tree } }));
    assert.equal(text.match(/export interface Tree\b/g)?.length, 1);
    assert.match(declaration(text, 'Tree'), /children\?: Tree\[\];/);
    // The payload recurses through a property of its own (not a component): it gets its message's name.
    const inline = generate({
      asyncapi: '2.6.0',
      info: { title: 't', version: '1' },
      channels: {
        '/': { publish: { message: { $ref: '#/components/messages/Node' } } },
      },
      components: {
        messages: {
          Node: {
            name: 'node',
            'x-handler': 'h',
            payload: {
              type: 'object',
              properties: { next: { $ref: '#/components/messages/Node/payload' } },
              additionalProperties: false,
            },
          },
        },
      },
    });
    assert.equal(declaration(inline, 'Node'), 'export interface Node {\n  next?: Node;\n}');
    assert.equal(inline.match(/export interface Node\b/g)?.length, 1);
  });

  it('{} and true are unknown, false is never; an open payload is unknown', () => {
    assert.equal(payloadType({}), 'export type EPayload = unknown;');
    assert.equal(payloadType({ type: 'object', properties: { no: false } }).includes('no?: never;'), true);
    const open = generate({
      asyncapi: '2.6.0',
      info: { title: 't', version: '1' },
      channels: { '/': { publish: { message: { name: 'e', 'x-handler': 'h' } } } },
    });
    assert.match(open, /\n {2}e: \(payload\?: unknown\) => void;/);
    assert.match(open, /h: AsynctionMessageHandler<unknown>;/);
  });

  it('names the file uses first are kept: a schema called ClientToServerEvents is renamed', () => {
    const text = generate(
      withPayload(
        { $ref: '#/components/schemas/ClientToServerEvents' },
        { schemas: { ClientToServerEvents: { type: 'string' } } },
      ),
    );
    assert.equal(declaration(text, 'ClientToServerEventsSchema'), 'export type ClientToServerEventsSchema = string;');
    assert.match(
      text,
      /export interface ClientToServerEvents \{\n {2}e: \(payload: ClientToServerEventsSchema\) => void;/,
    );
  });

  it('a schema named like a global type does not shadow it', () => {
    const text = generate(
      withPayload({ $ref: '#/components/schemas/Date' }, { schemas: { Date: { type: 'string', format: 'date' } } }),
    );
    assert.match(text, /export type DateSchema = string;/);
    assert.doesNotMatch(text, /export type Date\b/);
  });

  it('several documents are one application: namespaces merge, a component name taken twice gets a suffix', () => {
    const read = (doc: Json) => readDocument(doc, { validation: true, perspective: 'client' });
    const doc = (namespace: string, user: Json): Json => ({
      asyncapi: '2.6.0',
      info: { title: namespace, version: '1' },
      channels: {
        [namespace]: {
          publish: {
            message: { name: 'e', 'x-handler': `${namespace}.e`, payload: { $ref: '#/components/schemas/User' } },
          },
        },
      },
      components: { schemas: { User: user } },
    });
    const text = generateTypes([read(doc('/a', { type: 'string' })), read(doc('/b', { type: 'integer' }))]);
    assert.equal(declaration(text, 'User'), 'export type User = string;');
    assert.equal(declaration(text, 'UserSchema'), 'export type UserSchema = number;');
    assert.match(text, /'\/a\.e': AsynctionMessageHandler<User>;\n {4}'\/b\.e': AsynctionMessageHandler<UserSchema>;/);
  });

  it('is deterministic: the same documents give the same bytes', () => {
    const doc = withPayload({ type: 'object', properties: { a: { type: 'string' } } });
    assert.equal(generate(doc), generate(doc));
  });
});

describe('asynction types: events, acks and handler ids', () => {
  it('2.x: x-ack is the callback of ClientToServerEvents and the return type of the handler', () => {
    const text = generate(
      withPayload(
        { type: 'string' },
        {},
        { 'x-ack': { args: { type: 'object', properties: { ok: { type: 'boolean' } } } } },
      ),
    );
    assert.match(text, /\n {2}e: \(payload: EPayload, callback: \(ack: EAck\) => void\) => void;/);
    assert.match(text, /h: AsynctionMessageHandler<EPayload, EAck>;/);
  });

  it('2.x: an outbound tuple is the emitter argument list; a message summary is the event JSDoc', () => {
    const text = generate({
      asyncapi: '2.6.0',
      info: { title: 't', version: '1' },
      channels: {
        '/': {
          subscribe: {
            message: {
              name: 'move',
              summary: 'Two coordinates.',
              payload: { type: 'array', prefixItems: [{ type: 'integer' }, { type: 'integer' }], minItems: 2 },
            },
          },
        },
      },
    });
    assert.equal(declaration(text, 'MovePayload'), 'export type MovePayload = [number, number, ...unknown[]];');
    assert.match(text, /\/\*\* Two coordinates\. \*\/\n {2}move: \(\.\.\.args: MovePayload\) => void;/);
    assert.match(text, /\n {6}move: \{ args: MovePayload; ack: unknown \};/);
  });

  it('3.x: the reply is the ack; send operations are ServerToClientEvents and emitter entries', () => {
    const text = generate({
      asyncapi: '3.0.0',
      info: { title: 't', version: '1' },
      channels: {
        game: {
          address: '/game',
          messages: {
            move: { name: 'move', payload: { type: 'integer' } },
            score: { name: 'score', payload: { type: 'number' } },
          },
        },
        moveReply: { address: null, messages: { ok: { payload: { type: 'boolean' } } } },
        scoreReply: { address: null, messages: { seen: { payload: { const: 'seen' } } } },
      },
      operations: {
        'game.move': {
          action: 'receive',
          channel: { $ref: '#/channels/game' },
          messages: [{ $ref: '#/channels/game/messages/move' }],
          reply: { channel: { $ref: '#/channels/moveReply' } },
        },
        'game.score': {
          action: 'send',
          channel: { $ref: '#/channels/game' },
          messages: [{ $ref: '#/channels/game/messages/score' }],
          reply: { channel: { $ref: '#/channels/scoreReply' } },
        },
      },
    });
    const listener = (event: string, payload: string, ack: string) =>
      `  ${event}: (payload: ${payload}, callback: (ack: ${ack}) => void) => void;`;
    assert.ok(
      text.includes(
        `export interface GameClientToServerEvents {\n${listener('move', 'GameMovePayload', 'GameMoveAck')}`,
      ),
    );
    assert.ok(
      text.includes(
        `export interface GameServerToClientEvents {\n${listener('score', 'GameScorePayload', 'GameScoreAck')}`,
      ),
    );
    assert.match(text, /'game\.move': AsynctionMessageHandler<GameMovePayload, GameMoveAck>;/);
    assert.match(text, /'\/game': \{\n {6}score: \{ args: \[payload: GameScorePayload\]; ack: GameScoreAck \};/);
    assert.doesNotMatch(text, /'game\.score'/, 'a send operation is no handler id');
  });

  it('lifecycle handlers, error handlers and security verifiers are ids with their own method types', () => {
    const text = generate({
      asyncapi: '2.6.0',
      info: { title: 't', version: '1' },
      servers: { s: { url: 'ws://h', protocol: 'ws', security: [{ basic: [] }, { key: [] }, { oauth: ['read'] }] } },
      'x-namespaces': {
        '/a': { errorHandler: 'a.error', 'x-handlers': { connect: 'a.connect', disconnect: 'a.bye' } },
      },
      channels: { 'a/e': { publish: { operationId: 'a.e', message: { payload: { type: 'string' } } } } },
      components: {
        securitySchemes: {
          basic: { type: 'http', scheme: 'basic', 'x-basicInfoFunc': 'auth.basic' },
          key: { type: 'httpApiKey', in: 'header', name: 'x-key', 'x-apiKeyInfoFunc': 'auth.key' },
          oauth: {
            type: 'oauth2',
            flows: { clientCredentials: { tokenUrl: 'https://t', scopes: { read: 'r' } } },
            'x-tokenInfoFunc': 'auth.token',
            'x-scopeValidateFunc': 'auth.scopes',
          },
        },
      },
    });
    assert.match(text, /'a\.error': AsynctionErrorHandlerMethod;/);
    assert.match(text, /'a\.connect': AsynctionConnectHandler;/);
    assert.match(text, /'a\.bye': AsynctionDisconnectHandler;/);
    const verifiers = text.slice(text.indexOf('interface AsynctionSecurityVerifiers {'));
    assert.match(verifiers, /'auth\.basic': BasicCredentials;/);
    assert.match(verifiers, /'auth\.key': ApiKeyCredentials;/);
    assert.match(verifiers, /'auth\.token': TokenCredentials;/);
    assert.match(verifiers, /'auth\.scopes': ScopeCheck;/);
    assert.doesNotMatch(text, /AsynctionVerifier\b/, 'the library derives the verifier method types');
    assert.match(text, /\n\s+BasicCredentials,\n/, 'credential types are imported from the library');
  });
});

describe('asynction types: names and literals', () => {
  it('quotes what is not an identifier, escapes quotes and backslashes, and names in PascalCase', () => {
    assert.equal(quote(`it's a "b" \\ c\n`), `'it\\'s a "b" \\\\ c\\n'`);
    assert.equal(propertyKey('ok_1'), 'ok_1');
    assert.equal(propertyKey('user name'), "'user name'");
    assert.equal(pascalCase('user_signed-up'), 'UserSignedUp');
    assert.equal(pascalCase('2fa'), 'T2fa');
    assert.equal(pascalCase('日本'), 'Schema');
    assert.equal(literalType(Number.NaN), 'number');
    assert.equal(literalType({ a: [1, 'x'] }), "{ a: [1, 'x'] }");
  });
});
