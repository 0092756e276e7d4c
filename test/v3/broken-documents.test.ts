import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { startupMessages, where } from '../../lib/messages/index.js';
import { readDocument } from '../../lib/document/document.reader.js';
import { SERVED_SCHEMA_FORMATS } from '../../lib/document/schema-format.js';
import { fixture } from '../support/harness.js';

const file = (name: string) => fixture(`broken/${name}`);
const at = (name: string, pointer: string) => `${where({ file: file(name), pointer })}`;

/**
 * Each document under test/fixtures/broken has exactly one defect; reading it as forRoot does must report exactly
 * one problem: where (file and JSON pointer) and what. Official-schema wording comes from the official-schema check.
 */
const cases: Array<{ name: string; at: string; message: string; fix?: RegExp }> = [
  // The official JSON Schema of the document's version
  { name: 'v3-info-title-missing.yaml', at: '#/info', message: 'info: required property "title" is missing' },
  {
    name: 'v3-action-misspelled.yaml',
    at: '#/operations/hello/action',
    message: 'operation "hello": "action" is "recieve", which is not one of "send", "receive"',
    fix: /^use "receive"/,
  },
  {
    name: 'v3-action-publish.yaml',
    at: '#/operations/hello/action',
    message: 'operation "hello": "action" is "publish", which is not one of "send", "receive"',
    fix: /AsyncAPI 3 replaced publish\/subscribe/,
  },
  {
    name: 'v2-operation-misspelled.yaml',
    at: '#/channels/~1',
    message: 'channel "/": property "publsh" is not allowed',
    fix: /^rename "publsh" to "publish"/,
  },
  {
    name: 'v2-payload-type-unknown.yaml',
    at: '#/channels/~1/publish/message/payload/type',
    message:
      'channel "/" publish operation message payload: "type" is "strng", which is not one of "array", "boolean", "integer", "null", "number", "object", "string" or an array',
    fix: /^use "string"/,
  },
  {
    name: 'v3-address-not-string.yaml',
    at: '#/channels/main/address',
    message: 'channel "main": "address" must be a string or null, not a number (42)',
  },
  {
    name: 'v2-server-url-missing.yaml',
    at: '#/servers/production',
    message: 'server "production": required property "url" is missing',
  },
  {
    name: 'v3-payload-schema-invalid.yaml',
    at: '#/channels/main/messages/hello/payload/pattern',
    message: 'channel "main" message "hello" payload: "pattern" is "(unclosed", which is not a valid regex',
  },
  // Rules the schema cannot express, as the official parser checks them
  {
    name: 'v2-operation-id-twice.yaml',
    at: '#/channels/~1other/publish/operationId',
    message: startupMessages.duplicateOperationId('hello', {
      file: file('v2-operation-id-twice.yaml'),
      pointer: '#/channels/~1/publish/operationId',
    }).message,
  },
  {
    name: 'v2-message-id-twice.yaml',
    at: '#/channels/~1/subscribe/message/messageId',
    message: startupMessages.duplicateMessageId('greeting', {
      file: file('v2-message-id-twice.yaml'),
      pointer: '#/channels/~1/publish/message/messageId',
    }).message,
  },
  {
    name: 'v3-operation-message-of-another-channel.yaml',
    at: '#/operations/hello/messages/0',
    message: startupMessages.operationMessageNotInChannel('hello', '#/channels/other/messages/bye', '#/channels/main')
      .message,
  },
  {
    name: 'v3-reply-message-of-another-channel.yaml',
    at: '#/operations/hello/reply/messages/0',
    message: startupMessages.replyMessageNotInChannel('#/channels/main/messages/hello', '#/channels/answers').message,
  },
  {
    name: 'v3-operation-channel-in-components.yaml',
    at: '#/operations/hello/channel',
    message: startupMessages.referenceOutsideRoot('operation "hello"', '#/components/channels/main', 'channels')
      .message,
  },
  {
    name: 'v3-operation-channel-of-another-file.yaml',
    at: '#/operations/hello/channel',
    message: startupMessages.referenceOutsideRoot(
      'operation "hello"',
      './parts/channels.yaml#/channels/elsewhere',
      'channels',
    ).message,
  },
  {
    name: 'v3-channel-server-in-components.yaml',
    at: '#/channels/main/servers/0',
    message: startupMessages.referenceOutsideRoot('channel "main"', '#/components/servers/production', 'servers')
      .message,
  },
  {
    name: 'v2-security-scheme-undeclared.yaml',
    at: '#/servers/production/security/0/tokn',
    message: startupMessages.securitySchemeUndeclared('tokn', ['token']).message,
  },
  {
    name: 'v2-oauth2-scope-undeclared.yaml',
    at: '#/servers/production/security/0/oauth',
    message: startupMessages.securityScopeUndeclared('chat:write', 'oauth', ['chat:read']).message,
  },
  {
    name: 'v2-channel-parameter-undescribed.yaml',
    at: '#/channels/~1rooms~1{roomId}~1{seat}/parameters',
    message: startupMessages.channelParameterMissing(['seat'], '/rooms/{roomId}/{seat}').message,
  },
  {
    name: 'v3-channel-parameter-redundant.yaml',
    at: '#/channels/main/parameters/roomId',
    message: startupMessages.channelParameterRedundant('roomId', '/rooms').message,
  },
  {
    name: 'v2-server-variable-undescribed.yaml',
    at: '#/servers/production/variables',
    message: startupMessages.serverVariableMissing(['port'], 'wss://{region}.example.com:{port}').message,
  },
  {
    name: 'v2-channel-server-undeclared.yaml',
    at: '#/channels/~1/servers/0',
    message: startupMessages.channelServerUndeclared('staging', ['production']).message,
  },
  { name: 'v2-tag-twice.yaml', at: '#/tags/1/name', message: startupMessages.duplicateTag('chat').message },
  {
    name: 'v3-address-with-query.yaml',
    at: '#/channels/main',
    message: startupMessages.channelQueryOrFragment('/chat?room=1').message,
  },
  {
    name: 'v3-ref-unresolved.yaml',
    at: '#/channels/main/messages/hello/payload',
    message: startupMessages.refUnresolved('#/components/schemas/Helo', 'nothing at that pointer').message,
  },
  {
    name: 'version-unsupported.yaml',
    at: '#/asyncapi',
    message: startupMessages.unsupportedVersion('4.0.0', '2.0.0 to 2.6.0, 3.0.0 or 3.1.0').message,
  },
  // What nestjs-asynction needs to serve it
  {
    name: 'v3-payload-format-avro.yaml',
    at: '#/channels/main/messages/hello/payload/schemaFormat',
    message: startupMessages.schemaFormatUnsupported(
      'application/vnd.apache.avro+json;version=1.9.0',
      'message "hello" of namespace "/"',
      SERVED_SCHEMA_FORMATS,
    ).message,
  },
  {
    name: 'v3-namespace-undeclared.yaml',
    at: '#/channels/signedUp',
    message: startupMessages.namespaceUndeclared('user/signedup', '/user').message,
  },
];

describe('broken documents: one defect, one problem, with file, pointer and fix', () => {
  for (const c of cases) {
    it(c.name, () => {
      const { problems } = readDocument(file(c.name), { validation: true, perspective: 'client' });
      assert.deepEqual(
        problems.map((p) => `${where(p.at)} ${p.message}`),
        [`${at(c.name, c.at)} ${c.message}`],
      );
      assert.ok(problems[0]!.fix.length > 0);
      if (c.fix) assert.match(problems[0]!.fix, c.fix);
    });
  }

  it('names the referenced file and its own pointer when the defect is in a $ref target', () => {
    const { problems } = readDocument(file('v3-defect-in-referenced-file.yaml'), {
      validation: true,
      perspective: 'client',
    });
    assert.deepEqual(
      problems.map((p) => `${where(p.at)} ${p.message}`),
      [
        `${fixture('broken/parts/messages.yaml')}#/Hello/payload/properties/text/maxLength channel "main" message "hello" payload: "properties.text.maxLength" must be an integer, not a string ("many")`,
      ],
    );
  });
});
