import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Injectable } from '@nestjs/common';
import { AsyncOperation, AsynctionEmitter, AsynctionModule, EmitError, type ClientError } from '../../lib/index.js';
import { startupMessages, clientMessages, logMessages } from '../../lib/messages/index.js';
import { loadSample } from '../support/samples.js';
import { connectError, fixture, nextEvent, noEvent, request, rootModule, startApp } from '../support/harness.js';
import { problem, serve, sorted, startupProblems } from '../support/startup.js';

@Injectable()
class RenameHandlers {
  readonly renamed: string[] = [];

  @AsyncOperation('user.rename')
  rename(payload: { name: string }): { renamed: string } {
    this.renamed.push(payload.name);
    return { renamed: payload.name };
  }
}

@Injectable()
class SignUpHandlers {
  @AsyncOperation('user.signedUp')
  user(payload: { email: string }): string {
    return `user ${payload.email}`;
  }

  @AsyncOperation('main.signedUp')
  main(payload: string): string {
    return `main ${payload}`;
  }
}

@Injectable()
class EchoHandlers {
  readonly shouted: string[] = [];

  @AsyncOperation('handlers.echo')
  echo(text: string): boolean {
    return text.length > 0;
  }

  @AsyncOperation('handlers.shout')
  shout(text: string): void {
    this.shouted.push(text);
  }
}

/** The `user/signedup` convention, with the namespace declared under `x-namespaces` as `key`. */
function prefixDocument(key: string): object {
  return {
    asyncapi: '2.4.0',
    info: { title: `x-namespaces key "${key}"`, version: '1.0.0' },
    'x-namespaces': { [key]: { description: 'users' } },
    channels: {
      'user/signedup': {
        publish: { operationId: 'user.signedUp', message: { payload: { type: 'object', required: ['email'] } } },
      },
      signedup: { publish: { operationId: 'main.signedUp', message: { payload: { type: 'string' } } } },
    },
  };
}

describe('namespaces: a channel named "/user" is a namespace, its messages\' names are the events', () => {
  const t = serve('core/namespace-by-channel-name.yaml', [RenameHandlers]);

  it('serves the message name as an event of /user, and no namespace the document does not declare', async () => {
    const socket = await t().connect('/user');
    assert.deepEqual(await request(socket, 'rename', { name: 'ada' }), { renamed: 'ada' });
    assert.equal((await connectError(t().url('/users'))).message, 'Invalid namespace');
  });

  it('publish is handled: the client emits, the handler runs; a subscribe event sent by a client reaches no handler', async () => {
    const handlers = t().app.get(RenameHandlers);
    const socket = await t().connect('/user');
    const before = handlers.renamed.length;
    const refused = await request<ClientError>(socket, 'renamed', { name: 'not handled' });
    assert.equal(refused.message, clientMessages.serverOnlyEvent('/user', 'renamed'));
    assert.equal(handlers.renamed.length, before);
    assert.deepEqual(await request(socket, 'rename', { name: 'bob' }), { renamed: 'bob' });
    assert.equal(handlers.renamed.at(-1), 'bob');
    assert.equal(await noEvent(socket, 'exception', 100), true);
  });

  it('subscribe is emitted: AsynctionEmitter sends it and the client receives it; a publish-only event cannot be emitted', async () => {
    const emitter = t().app.get(AsynctionEmitter);
    const socket = await t().connect('/user');
    const received = nextEvent(socket, 'renamed');
    emitter.emit('/user', 'renamed', { name: 'ada' });
    assert.deepEqual(await received, { name: 'ada' });
    const notice = nextEvent(socket, 'notice');
    emitter.emit('/user', 'notice', 'maintenance at noon');
    assert.equal(await notice, 'maintenance at noon');
    assert.throws(
      () => emitter.emit('/user', 'rename', { name: 'ada' }),
      (error: unknown) =>
        error instanceof EmitError &&
        error.message === logMessages.emitUnknownEvent('/user', 'rename', ['renamed', 'notice']),
    );
  });
});

describe('namespaces: "user/signedup" is event "signedup" in the x-namespaces namespace "/user"', () => {
  it('reads "signedup" alone as an event of the main namespace "/"', async () => {
    const t = await startApp(
      rootModule([AsynctionModule.forRoot(fixture('core/namespace-by-prefix.yaml'))], [SignUpHandlers]),
    );
    try {
      assert.equal(
        await request(await t.connect('/user'), 'signedup', { email: 'ada@example.com' }),
        'user ada@example.com',
      );
      const refused = await request<ClientError>(await t.connect('/user'), 'signedup', { email: 'not-an-email' });
      assert.deepEqual(
        refused.errors?.map((e) => e.pointer),
        ['/email'],
      );
      assert.equal(await request(await t.connect('/'), 'signedup', 'ada'), 'main ada');
    } finally {
      await t.close();
    }
  });

  it('accepts "/user", "user" and "user/" as the x-namespaces key of /user', async () => {
    for (const key of ['/user', 'user', 'user/']) {
      const t = await startApp(rootModule([AsynctionModule.forRoot({ spec: prefixDocument(key) })], [SignUpHandlers]));
      try {
        assert.equal(await request(await t.connect('/user'), 'signedup', { email: 'x' }), 'user x', key);
        assert.equal(await request(await t.connect('/'), 'signedup', 'y'), 'main y', key);
        assert.equal((await connectError(t.url('/user/'))).message, 'Invalid namespace', key);
      } finally {
        await t.close();
      }
    }
  });

  it('reports a message without "name" in a "/user" channel, at its pointer', async () => {
    const file = fixture('core/message-without-name.yaml');
    const problems = await startupProblems(rootModule([AsynctionModule.forRoot(file)]));
    assert.deepEqual(
      sorted(problems),
      sorted([
        problem(file, '#/channels/~1user/publish/message/oneOf/1', startupMessages.messageWithoutName('/user')),
        problem(
          file,
          '#/channels/~1user/publish/operationId',
          startupMessages.missingHandler('user.handle', 'operation'),
        ),
      ]),
    );
  });
});

describe("perspective: 'application' (the first Asynction README example, sample/account-service)", () => {
  const spec = fileURLToPath(new URL('../../../sample/account-service/asyncapi.yaml', import.meta.url));

  it("serves the sample's AppModule: subscribe + operationId is handled, the namespace errorHandler answers invalid payloads", async () => {
    const t = await startApp((await loadSample('account-service/app.module.js')).AppModule!);
    try {
      const socket = await t.connect('/user');
      assert.deepEqual(await request(socket, 'signedup', { displayName: 'Ada', email: 'ada@example.com' }), {
        ok: true,
      });
      const error = clientMessages.payloadInvalid('/user', 'signedup', [
        { pointer: '/email', message: 'must match format "email"' },
      ]);
      assert.deepEqual(await request(socket, 'signedup', { displayName: 'Ada', email: 'ada' }), { ok: false, error });
      // In this perspective "subscribe" is what the application receives: there is nothing to emit.
      assert.throws(
        () => t.app.get(AsynctionEmitter).emit('/user', 'signedup', { displayName: 'Ada', email: 'ada@example.com' }),
        EmitError,
      );
    } finally {
      await t.close();
    }
  });

  it('without the option, refuses to start with startupMessages.outboundHandler, which names the option', async () => {
    const { UserHandlers } = await loadSample('account-service/user.handlers.js');
    const problems = await startupProblems(rootModule([AsynctionModule.forRoot(spec)], [UserHandlers!]));
    const expected = startupMessages.outboundHandler('my_api.handlers.user_signedup', 'UserHandlers.userSignedUp');
    assert.deepEqual(problems, [problem(spec, '#/channels/user~1signedup/subscribe/operationId', expected)]);
    assert.match(expected.fix, /perspective: 'application'/);
  });
});

describe("Asynction's x-handler on messages binds like an operationId", () => {
  const t = serve('core/x-handler-per-message.yaml', [EchoHandlers]);

  it('routes each message of a "/" channel oneOf to its own x-handler, with its x-ack', async () => {
    const socket = await t().connect('/');
    assert.equal(await request(socket, 'echo', 'hello'), true);
    assert.equal(await request(socket, 'echo', ''), false);
    assert.equal(await request(socket, 'shout', 'HEY'), undefined);
    assert.equal(t().app.get(EchoHandlers).shouted.at(-1), 'HEY');
    const refused = await request<ClientError>(socket, 'shout', 42);
    assert.equal(refused.status, 'error');
  });
});
