import assert from 'node:assert/strict';
import { dirname } from 'node:path';
import { describe, it } from 'node:test';
import { Injectable, UseGuards, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { MessageBody, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import type { Socket } from 'socket.io';
import { AsyncOperation, AsynctionEmitter, AsynctionModule, type ClientError } from '../../lib/index.js';
import { clientMessages, startupMessages } from '../../lib/messages/index.js';
import { inspectDocument } from '../../lib/document/document.reader.js';
import { SchemaCompiler, toAjvSchema } from '../../lib/document/schema.compiler.js';
import { connectError, fixture, nextEvent, request, rootModule, startApp } from '../support/harness.js';
import { problem, sorted, startupProblems } from '../support/startup.js';
import { runCli } from '../support/cli.js';
import { waitFor } from '../support/wait.js';

async function validate(...args: string[]): Promise<number | null> {
  return (await runCli(['validate', ...args], dirname(fixture('x')))).status;
}

/** Handlers of one fixture: `ids` are its operation ids, every one answered with the namespace and payload. */
function handlersFor(...ids: string[]) {
  @Injectable()
  class FixtureHandlers {
    receive(payload: unknown, socket: Socket): string {
      return `${socket.nsp.name} ${JSON.stringify(payload)}`;
    }
  }
  const method = Object.getOwnPropertyDescriptor(FixtureHandlers.prototype, 'receive')!;
  for (const id of ids) AsyncOperation(id)(FixtureHandlers.prototype, 'receive', method);
  return FixtureHandlers;
}

describe('item 10: 2.x variables and parameters of an address without {...} are unused, not wrong', () => {
  it('--spec-only and forRoot accept a server URL and a channel name without {...} that describe some', async () => {
    const file = fixture('conformance/v2-parameters-unused.yaml');
    assert.deepEqual(inspectDocument(file, {}).problems, []);
    assert.equal(await validate('--spec-only', 'conformance/v2-parameters-unused.yaml'), 0);
    const t = await startApp(rootModule([AsynctionModule.forRoot(file)], [handlersFor('chat.send')]));
    try {
      assert.equal(await request(await t.connect('/chat'), 'send', 'hi'), '/chat "hi"');
    } finally {
      await t.close();
    }
  });

  it('still refuses a redundant one once the address has a {...}, at its pointer', async () => {
    const file = fixture('conformance/v2-parameters-redundant.yaml');
    assert.deepEqual(
      sorted(inspectDocument(file, {}).problems),
      sorted([
        problem(
          file,
          '#/servers/production/variables/region',
          startupMessages.serverVariableRedundant('region', 'ws://chat.example.com:{port}/socket'),
        ),
        problem(
          file,
          '#/channels/~1chat~1{room}/parameters/seat',
          startupMessages.channelParameterRedundant('seat', '/chat/{room}'),
        ),
      ]),
    );
    assert.equal(await validate('--spec-only', 'conformance/v2-parameters-redundant.yaml'), 1);
  });
});

describe('item 11: a 2.x message without "name", $ref\'d from components.messages, travels as its key', () => {
  it('serves the keys as events both ways; a "name" still wins over the key', async () => {
    const t = await startApp(
      rootModule(
        [AsynctionModule.forRoot(fixture('conformance/v2-message-key-as-event.yaml'))],
        [handlersFor('chat.receive')],
      ),
    );
    try {
      const socket = await t.connect('/chat');
      assert.equal(await request(socket, 'sendText', 'hi'), '/chat "hi"');
      assert.equal(await request(socket, 'ping', 7), '/chat 7');
      const refused = await request<ClientError>(socket, 'named', 7);
      assert.equal(refused.status, 'error');
      const received = nextEvent(socket, 'newText');
      t.app.get(AsynctionEmitter).emit('/chat', 'newText', 'hello');
      assert.equal(await received, 'hello');
    } finally {
      await t.close();
    }
  });

  it('an unnamed message written inline has no key: still a problem at its pointer', async () => {
    const file = fixture('conformance/v2-message-unnamed-inline.yaml');
    assert.deepEqual(
      await startupProblems(rootModule([AsynctionModule.forRoot(file)], [handlersFor('chat.receive')])),
      [problem(file, '#/channels/~1chat/publish/message/oneOf/1', startupMessages.messageWithoutName('/chat'))],
    );
  });
});

@Injectable()
class VariadicHandlers {
  @AsyncOperation('main.join')
  join(names: string[]): string {
    return names.join(',');
  }
}

describe('item 12: an empty prefixItems beside items (a variadic event) is no prefix', () => {
  it('compiles to items alone', () => {
    const schema = { type: 'array', prefixItems: [], items: { type: 'string' } };
    assert.deepEqual(toAjvSchema(schema), { type: 'array', items: { type: 'string' } });
    const compiled = new SchemaCompiler().compile(schema);
    assert.equal(compiled.check(['a', 'b']), true);
    assert.equal(compiled.check([]), true);
    assert.equal(compiled.check(['a', 2]), false);
    assert.equal(compiled.violations()[0]!.pointer, '/1');
  });

  it('serves any number of arguments of that type', async () => {
    const t = await startApp(
      rootModule([AsynctionModule.forRoot(fixture('conformance/variadic-prefix-items.yaml'))], [VariadicHandlers]),
    );
    try {
      const socket = await t.connect();
      assert.equal(await request(socket, 'join', 'a', 'b', 'c'), 'a,b,c');
      assert.equal(await request(socket, 'join', 'a'), 'a');
      assert.equal(await request(socket, 'join'), '');
      const refused = await request<ClientError>(socket, 'join', 'a', 2);
      assert.deepEqual(
        refused.errors?.map((e) => e.pointer),
        ['/1'],
      );
    } finally {
      await t.close();
    }
  });
});

describe('item 13: "error" is reserved inbound only', () => {
  it('serves an outbound "error": the emitter sends it and the client listener receives it', async () => {
    const t = await startApp(
      rootModule(
        [AsynctionModule.forRoot(fixture('conformance/outbound-error-event.yaml'))],
        [handlersFor('main.fail')],
      ),
    );
    try {
      const socket = await t.connect();
      const received = nextEvent(socket, 'error');
      t.app.get(AsynctionEmitter).emit('/', 'error', { reason: 'maintenance' });
      assert.deepEqual(await received, { reason: 'maintenance' });
      assert.throws(() => t.app.get(AsynctionEmitter).emit('/', 'error', { cause: 'x' }));
    } finally {
      await t.close();
    }
  });

  it('refuses an inbound "error" at its pointer', async () => {
    const file = fixture('conformance/inbound-error-event.yaml');
    assert.deepEqual(await startupProblems(rootModule([AsynctionModule.forRoot(file)], [handlersFor('main.error')])), [
      problem(file, '#/channels/~1/publish/message', startupMessages.reservedEvent('error', '/', 'inbound')),
    ]);
  });
});

/** Records the ws execution context a disconnect handler's guard sees. */
class RecordingGuard implements CanActivate {
  static seen: Array<{ clientIsSocket: boolean; data: unknown; pattern: unknown }> = [];
  canActivate(context: ExecutionContext): boolean {
    const ws = context.switchToWs();
    const client = ws.getClient<Socket | string>();
    RecordingGuard.seen.push({
      clientIsSocket: typeof client === 'object' && typeof client.emit === 'function',
      data: ws.getData(),
      pattern: ws.getPattern(),
    });
    return true;
  }
}

@Injectable()
class RoomHandlers {
  readonly left: Array<{ socketId: unknown; reason: unknown }> = [];

  @AsyncOperation('room.say')
  say(text: string): string {
    return text;
  }

  @AsyncOperation('room.left')
  @UseGuards(RecordingGuard)
  leave(socket: Socket, reason: string): void {
    this.left.push({ socketId: socket.id, reason });
  }
}

describe('item 18: the disconnect handler\'s execution context, and a channel "user/"', () => {
  it('a guard on a disconnect handler sees the socket as the client and the reason as the data', async () => {
    const t = await startApp(
      rootModule([AsynctionModule.forRoot(fixture('conformance/disconnect-enhanced.yaml'))], [RoomHandlers]),
    );
    try {
      const handlers = t.app.get(RoomHandlers);
      const socket = await t.connect('/room');
      assert.equal(await request(socket, 'say', 'hi'), 'hi');
      const id = socket.id;
      socket.disconnect();
      await waitFor('the disconnect handler', () => handlers.left.length > 0);
      assert.deepEqual(handlers.left, [{ socketId: id, reason: 'client namespace disconnect' }]);
      assert.deepEqual(RecordingGuard.seen, [
        { clientIsSocket: true, data: 'client namespace disconnect', pattern: 'disconnect' },
      ]);
    } finally {
      await t.close();
    }
  });

  it('refuses a channel "user/" (2.x key, 3.x address) at startup: it names no event', async () => {
    const file = fixture('conformance/channel-event-empty.yaml');
    assert.deepEqual(await startupProblems(rootModule([AsynctionModule.forRoot(file)])), [
      problem(file, '#/channels/user~1', startupMessages.channelEventEmpty('user/', '/user')),
    ]);
    const v3 = {
      asyncapi: '3.0.0',
      info: { title: 'Channel without an event', version: '1.0.0' },
      'x-namespaces': { '/user': {} },
      channels: { signedUp: { address: 'user/', messages: { signedUp: { payload: { type: 'string' } } } } },
      operations: { 'user.signedUp': { action: 'receive', channel: { $ref: '#/channels/signedUp' } } },
    };
    assert.deepEqual(await startupProblems(rootModule([AsynctionModule.forRoot({ spec: v3 })])), [
      problem('<object>', '#/channels/signedUp', startupMessages.channelEventEmpty('user/', '/user')),
    ]);
  });
});

/** A hand-written gateway of the user's on the main namespace. */
@WebSocketGateway()
class MainGateway {
  @SubscribeMessage('own')
  own(@MessageBody() body: string): string {
    return `own ${body}`;
  }
}

describe('item 17: the main namespace "/" when the document does not declare it', () => {
  it('refuses a connection to "/" with a connect_error naming the declared namespaces', async () => {
    const t = await startApp(
      rootModule(
        [AsynctionModule.forRoot(fixture('conformance/main-namespace-undeclared.yaml'))],
        [handlersFor('chat.say')],
      ),
    );
    try {
      const error = await connectError(t.url('/'));
      assert.equal(error.message, clientMessages.mainNamespaceUndeclared(['/chat']));
      assert.equal(await request(await t.connect('/chat'), 'say', 'hi'), '/chat "hi"');
    } finally {
      await t.close();
    }
  });

  it("accepts it when one of the application's own gateways serves it", async () => {
    const t = await startApp(
      rootModule(
        [AsynctionModule.forRoot(fixture('conformance/main-namespace-undeclared.yaml'))],
        [handlersFor('chat.say'), MainGateway],
      ),
    );
    try {
      assert.equal(await request(await t.connect('/'), 'own', 'x'), 'own x');
      assert.equal(await request(await t.connect('/chat'), 'say', 'hi'), '/chat "hi"');
    } finally {
      await t.close();
    }
  });
});
