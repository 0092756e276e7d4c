import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkOfficialSchema } from '../../lib/document/official-schema/index.js';
import { SUPPORTED_ASYNCAPI_VERSIONS, SUPPORTED_ASYNCAPI_VERSIONS_TEXT } from '../../lib/document/asyncapi-versions.js';
import { startupMessages } from '../../lib/messages/index.js';
import type { SpecProblem } from '../../lib/interfaces/spec-problem.interface.js';

type Doc = Record<string, any>;

const FILE = '/docs/api.yaml';

/**
 * A valid AsyncAPI 2.6 document as the loader hands it over: `$ref`s resolved into shared objects,
 * and a recursive schema resolved into a cycle.
 */
function valid26(): Doc {
  const treeNode: Doc = { type: 'object', properties: { label: { type: 'string' } } };
  treeNode['properties'].children = { type: 'array', items: treeNode };
  const user: Doc = {
    type: 'object',
    required: ['id'],
    properties: {
      id: { type: 'string', format: 'uuid' },
      name: { type: 'string', format: 'sentence' },
      tree: treeNode,
    },
  };
  const userSignedUp: Doc = {
    name: 'userSignedUp',
    contentType: 'application/json',
    payload: user,
    examples: [{ name: 'ada', payload: { id: '9b2d6f1e-0000-4000-8000-000000000000', name: 'Ada' } }],
  };
  const token = { type: 'httpApiKey', name: 'token', in: 'query' };
  return {
    asyncapi: '2.6.0',
    id: 'urn:example:accounts',
    info: {
      title: 'Accounts',
      version: '1.0.0',
      description: 'User accounts over socket.io',
      contact: { name: 'Team', email: 'team@example.com' },
      license: { name: 'MIT' },
      'x-owner': 'accounts',
    },
    servers: {
      production: { url: 'wss://accounts.example.com', protocol: 'wss', security: [{ token: [] }] },
    },
    defaultContentType: 'application/json',
    channels: {
      'user/signedup': {
        description: 'A user signed up.',
        publish: {
          operationId: 'onUserSignedUp',
          summary: 'Clients announce a sign-up.',
          message: userSignedUp,
          'x-ack': { args: { type: 'object' } },
        },
        subscribe: {
          operationId: 'userSignedUpEvents',
          message: { oneOf: [userSignedUp, { name: 'userDeleted', payload: { type: 'string' } }] },
        },
      },
      'user/{userId}/renamed': {
        parameters: { userId: { schema: { type: 'string' } } },
        subscribe: { message: { payload: { type: 'object', properties: { name: { type: 'string' } } } } },
        bindings: { ws: { method: 'GET' } },
      },
    },
    components: {
      schemas: { User: user, TreeNode: treeNode },
      messages: { UserSignedUp: userSignedUp },
      securitySchemes: { token },
    },
    tags: [{ name: 'accounts' }],
    'x-namespaces': { '/': { description: 'main' } },
  };
}

/** A valid AsyncAPI 3.0 document, resolved: operations point at the very channel and message objects. */
function valid30(version = '3.0.0'): Doc {
  const production = { host: 'chat.example.com', protocol: 'wss', pathname: '/socket.io' };
  const hello: Doc = {
    name: 'hello',
    payload: { type: 'object', required: ['text'], properties: { text: { type: 'string', maxLength: 280 } } },
  };
  const helloAck: Doc = { payload: { type: 'object', properties: { ok: { type: 'boolean' } } } };
  const greetings: Doc = {
    address: 'greetings',
    servers: [production],
    messages: { hello, helloAck },
    'x-namespace': '/chat',
  };
  return {
    asyncapi: version,
    info: { title: 'Chat', version: '2.1.0', tags: [{ name: 'chat' }] },
    defaultContentType: 'application/json',
    servers: { production },
    channels: { greetings },
    operations: {
      sendHello: {
        action: 'receive',
        channel: greetings,
        messages: [hello],
        reply: { channel: greetings, messages: [helloAck] },
      },
      helloEvents: { action: 'send', channel: greetings, messages: [hello], 'x-handler': 'onHello' },
    },
    components: {
      messages: { Hello: hello },
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
  };
}

function only(problems: SpecProblem[]): SpecProblem {
  assert.equal(problems.length, 1, `expected exactly one problem, got:\n${render(problems)}`);
  return problems[0]!;
}

function render(problems: readonly SpecProblem[]): string {
  return problems.map((p) => `  ${p.at.pointer}: ${p.message} Fix: ${p.fix}`).join('\n');
}

function expectOne(document: unknown, pointer: string, ...inMessage: string[]): SpecProblem {
  const problem = only(checkOfficialSchema(document, FILE));
  assert.equal(problem.at.file, FILE);
  assert.equal(problem.at.pointer, pointer, render([problem]));
  for (const text of inMessage) assert.ok(problem.message.includes(text), `"${text}" not in: ${problem.message}`);
  assert.ok(problem.fix.length > 0 && !problem.fix.includes('\n'), 'the fix is one line');
  return problem;
}

describe('checkOfficialSchema: valid documents', () => {
  it('accepts a resolved AsyncAPI 2.6 document: shared objects, a recursive schema, extensions, an unknown format', () => {
    assert.deepEqual(checkOfficialSchema(valid26(), FILE), []);
  });

  it('accepts a resolved AsyncAPI 3.0 document whose operations hold the channel and message objects', () => {
    assert.deepEqual(checkOfficialSchema(valid30('3.0.0'), FILE), []);
  });

  it('accepts a resolved AsyncAPI 3.1 document', () => {
    assert.deepEqual(checkOfficialSchema(valid30('3.1.0'), FILE), []);
  });

  it('accepts an un-resolved 3.x document too ($ref objects left in place)', () => {
    const doc = valid30('3.1.0');
    doc['operations'].sendHello.channel = { $ref: '#/channels/greetings' };
    doc['operations'].sendHello.messages = [{ $ref: '#/channels/greetings/messages/hello' }];
    assert.deepEqual(checkOfficialSchema(doc, FILE), []);
  });

  it('compiles and applies the schema of every supported version', () => {
    assert.deepEqual(SUPPORTED_ASYNCAPI_VERSIONS, [
      '2.0.0',
      '2.1.0',
      '2.2.0',
      '2.3.0',
      '2.4.0',
      '2.5.0',
      '2.6.0',
      '3.0.0',
      '3.1.0',
    ]);
    for (const version of SUPPORTED_ASYNCAPI_VERSIONS) {
      const doc: Doc = { asyncapi: version, info: { title: 't', version: '1' } };
      if (version.startsWith('2.')) doc['channels'] = {};
      assert.deepEqual(checkOfficialSchema(doc, FILE), [], version);
      const broken = { ...doc, info: { title: 't' } };
      assert.equal(only(checkOfficialSchema(broken, FILE)).at.pointer, '#/info', version);
    }
  });

  it("checks a patch version against its minor's schema (2.6.1 -> 2.6.0)", () => {
    const doc = { ...valid26(), asyncapi: '2.6.1' };
    assert.deepEqual(checkOfficialSchema(doc, FILE), []);
  });

  it('does not modify the document', () => {
    const doc = valid26();
    const { treeNode, signup } = {
      treeNode: doc['components'].schemas.TreeNode,
      signup: doc['channels']['user/signedup'].publish.message,
    };
    const doc3 = valid30();
    const before = JSON.stringify(doc3);
    checkOfficialSchema(doc, FILE);
    checkOfficialSchema({ ...doc, asyncapi: '2.6.1' }, FILE);
    checkOfficialSchema(doc3, FILE);
    assert.equal(doc['asyncapi'], '2.6.0');
    assert.equal(treeNode.properties.children.items, treeNode, 'the cycle is still there');
    assert.equal(doc['components'].messages.UserSignedUp, signup, 'shared objects are still shared');
    assert.equal(JSON.stringify(doc3), before);
    assert.equal(doc3['operations'].sendHello.channel, doc3['channels'].greetings);
  });
});

describe('checkOfficialSchema: one defect, one problem, at its pointer', () => {
  it('a misspelled operation key', () => {
    const doc = valid26();
    const publish = doc['channels']['user/signedup'].publish;
    publish.operationid = publish.operationId;
    delete publish.operationId;
    const problem = expectOne(
      doc,
      '#/channels/user~1signedup/publish',
      'channel "user/signedup" publish operation: property "operationid" is not allowed',
    );
    assert.match(problem.fix, /"operationId"/);
  });

  it('a channel item with an unknown property', () => {
    const doc = valid26();
    doc['channels']['user/signedup'].handler = 'x';
    const problem = expectOne(
      doc,
      '#/channels/user~1signedup',
      'channel "user/signedup": property "handler" is not allowed',
    );
    assert.match(problem.fix, /^remove "handler" or correct its spelling \(allowed: .*publish.*subscribe.*x-\*\)$/);
  });

  it('info without version', () => {
    const doc = valid26();
    delete doc['info'].version;
    expectOne(doc, '#/info', 'info: required property "version" is missing');
  });

  it('no info at all', () => {
    const doc = valid30();
    delete doc['info'];
    expectOne(doc, '#', 'the document: required property "info" is missing');
  });

  it('a message payload given as a string (2.6)', () => {
    const doc = valid26();
    doc['channels']['user/{userId}/renamed'].subscribe.message.payload = 'UserRenamed';
    expectOne(
      doc,
      '#/channels/user~1{userId}~1renamed/subscribe/message/payload',
      'message payload must be a schema',
      'not a string',
    );
  });

  it('a message payload given as a string (3.1)', () => {
    const doc = valid30('3.1.0');
    doc['channels'].greetings.messages.helloAck = { payload: 'Ack' };
    expectOne(
      doc,
      '#/channels/greetings/messages/helloAck/payload',
      'channel "greetings" message "helloAck" payload must be',
    );
  });

  it('a server without url (2.6)', () => {
    const doc = valid26();
    delete doc['servers'].production.url;
    expectOne(doc, '#/servers/production', 'server "production": required property "url" is missing');
  });

  it('a server without host (3.0)', () => {
    const doc = valid30();
    delete doc['servers'].production.host; // shared with the channel's servers, which holds a Reference
    expectOne(doc, '#/servers/production', 'server "production": required property "host" is missing');
  });

  it('a server protocol of the wrong type', () => {
    const doc = valid26();
    doc['servers'].production.protocol = 443;
    const problem = expectOne(doc, '#/servers/production/protocol', '"protocol" must be a string, not a number');
    assert.match(problem.fix, /string/);
  });

  it('a server given as a string', () => {
    const doc = valid26();
    doc['servers'].production = 'wss://accounts.example.com';
    expectOne(doc, '#/servers/production', 'server "production" must be an object, not a string');
  });

  it('a security scheme of an unknown type', () => {
    const doc = valid26();
    doc['components'].securitySchemes.token.type = 'magicToken';
    const problem = expectOne(
      doc,
      '#/components/securitySchemes/token/type',
      'security scheme "token": "type" is "magicToken", which is not one of',
      '"userPassword"',
      '"httpApiKey"',
      '"openIdConnect"',
    );
    assert.match(problem.fix, /^use one of /);
  });

  it('a security scheme missing what its type requires', () => {
    const doc = valid26();
    delete doc['components'].securitySchemes.token.in;
    expectOne(doc, '#/components/securitySchemes/token', 'required property "in" is missing');
  });

  it('a 3.x operation without action', () => {
    const doc = valid30();
    delete doc['operations'].helloEvents.action;
    expectOne(doc, '#/operations/helloEvents', 'operation "helloEvents": required property "action" is missing');
  });

  it('a 3.x operation with action "publish"', () => {
    const doc = valid30('3.1.0');
    doc['operations'].sendHello.action = 'publish';
    const problem = expectOne(
      doc,
      '#/operations/sendHello/action',
      'operation "sendHello": "action" is "publish", which is not one of "send", "receive"',
    );
    assert.match(problem.fix, /send.*receive/);
  });

  it('3.x channel messages given as an array', () => {
    const doc = valid30();
    const { hello, helloAck } = doc['channels'].greetings.messages;
    doc['channels'].greetings.messages = [hello, helloAck];
    expectOne(doc, '#/channels/greetings/messages', 'channel "greetings": "messages" must be an object, not an array');
  });

  it('a misspelled message key (3.0), with the likely name in the fix', () => {
    const doc = valid30();
    doc['components'].messages.Hello.contentTyp = 'application/json';
    const problem = expectOne(doc, '#/components/messages/Hello', 'property "contentTyp" is not allowed');
    assert.match(problem.fix, /^rename "contentTyp" to "contentType"/);
  });

  it('a misspelled required property: one problem, not "missing" plus "not allowed"', () => {
    const doc = valid26();
    doc['info'].titel = doc['info'].title;
    delete doc['info'].title;
    const problem = expectOne(
      doc,
      '#/info',
      'info: property "titel" is not allowed, and required property "title" is missing',
    );
    assert.match(problem.fix, /^rename "titel" to "title"/);
  });

  it('an OAuth2 client-credentials flow with an authorization URL (`not` in the schema)', () => {
    const doc = valid30('3.1.0');
    doc['components'].securitySchemes.oauth = {
      type: 'oauth2',
      flows: {
        clientCredentials: {
          tokenUrl: 'https://auth.example.com/token',
          authorizationUrl: 'https://auth.example.com/authorize',
          availableScopes: {},
        },
      },
    };
    const problem = expectOne(
      doc,
      '#/components/securitySchemes/oauth/flows/clientCredentials',
      'must not have "authorizationUrl"',
    );
    assert.equal(problem.fix, 'remove "authorizationUrl"');
  });

  it('a message example with neither payload nor headers', () => {
    const doc = valid26();
    doc['components'].messages.UserSignedUp.examples = [{ name: 'empty' }];
    expectOne(doc, '#/components/messages/UserSignedUp/examples/0', 'needs one of "payload", "headers"');
  });

  it('an info version YAML read as a date', () => {
    const doc = valid26();
    doc['info'].version = new Date('2024-01-01');
    const problem = expectOne(doc, '#/info/version', 'info: "version" must be a string, not a date');
    assert.match(problem.fix, /quote/);
  });

  it('a bad keyword inside a recursive, shared schema: once, where it is declared', () => {
    const doc = valid26();
    doc['components'].schemas.TreeNode.properties.label.type = 'strng';
    const problem = expectOne(
      doc,
      '#/components/schemas/TreeNode/properties/label/type',
      'component schema "TreeNode": "properties.label.type" is "strng"',
    );
    assert.match(problem.fix, /^use "string"/);
  });

  it('an unknown asyncapi version', () => {
    const doc = { ...valid26(), asyncapi: '4.0.0' };
    const problem = expectOne(doc, '#/asyncapi', '"asyncapi: 4.0.0" is not a supported AsyncAPI version');
    assert.match(problem.fix, /2\.0\.0.*2\.6\.0.*3\.0\.0.*3\.1\.0/);
  });

  it('an asyncapi version YAML read as a number', () => {
    expectOne({ ...valid26(), asyncapi: 2.6 }, '#/asyncapi', 'is not a supported AsyncAPI version');
  });

  it('no asyncapi version', () => {
    const doc = valid30();
    delete doc['asyncapi'];
    const problem = expectOne(doc, '#/asyncapi', 'no "asyncapi" field');
    assert.deepEqual(
      { message: problem.message, fix: problem.fix },
      startupMessages.versionMissing('3.1.0', SUPPORTED_ASYNCAPI_VERSIONS_TEXT),
    );
  });

  it('a document that is not an object', () => {
    const problem = expectOne(['asyncapi'], '#', 'not an object');
    const { message, fix, unreadable } = problem;
    assert.deepEqual({ message, fix, unreadable }, startupMessages.documentNotObject());
  });
});

describe('checkOfficialSchema: several defects', () => {
  it('reports each defect once, never the same pointer and message twice', () => {
    const doc = valid26();
    doc['info'].version = 1;
    doc['channels']['user/signedup'].publish.operationid = 'x';
    doc['components'].messages.UserSignedUp.nmae = 'x'; // shared by two channels and components
    doc['servers'].production.protocol = false;
    const problems = checkOfficialSchema(doc, FILE);
    assert.deepEqual(
      problems.map((p) => p.at.pointer).sort(),
      [
        '#/channels/user~1signedup/publish',
        '#/components/messages/UserSignedUp',
        '#/info/version',
        '#/servers/production/protocol',
      ],
      render(problems),
    );
    const keys = problems.map((p) => `${p.at.pointer} ${p.message}`);
    assert.equal(new Set(keys).size, keys.length);
  });
});
