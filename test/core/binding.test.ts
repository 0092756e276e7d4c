import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Injectable, Scope } from '@nestjs/common';
import { AsyncOperation, AsynctionEmitter, AsynctionModule, type AsynctionError } from '../../lib/index.js';
import { startupMessages } from '../../lib/messages/index.js';
import { fixture, nextEvent, request, rootModule, startApp } from '../support/harness.js';
import { problem, sorted, startupProblems } from '../support/startup.js';

const BINDING = fixture('core/binding.yaml');
const SEND = '#/channels/chat~1send/publish/operationId';

@Injectable()
class ChatHandlers {
  @AsyncOperation('chat.send')
  send(text: string): string {
    return `sent ${text}`;
  }

  @AsyncOperation('chat.error')
  error(error: AsynctionError): string {
    return `refused: ${error.name}`;
  }
}

@Injectable()
class ChatErrorOnly {
  @AsyncOperation('chat.error')
  error(): void {}
}

@Injectable()
class SecondSender {
  @AsyncOperation('chat.send')
  sendAgain(): void {}
}

@Injectable()
class TypoHandlers {
  @AsyncOperation('chat.sned')
  sendTypo(): void {}
}

@Injectable()
class ReceivedHandlers {
  @AsyncOperation('chat.received')
  received(): void {}
}

@Injectable({ scope: Scope.REQUEST })
class RequestScopedChat {
  @AsyncOperation('chat.send')
  send(): void {}

  @AsyncOperation('chat.error')
  error(): void {}
}

@Injectable()
class MainHandlers {
  @AsyncOperation('main.handle')
  handle(): void {}

  @AsyncOperation('main.echo')
  echo(text: string): string {
    return text;
  }

  @AsyncOperation('handle')
  handleBoth(): void {}

  @AsyncOperation('admin.ban')
  ban(): void {}
}

@Injectable({ scope: Scope.REQUEST })
class RequestScopedMain {
  @AsyncOperation('main.handle')
  handle(): void {}
}

@Injectable()
class ManyProblemsChat {
  @AsyncOperation('chat.error')
  error(): void {}

  @AsyncOperation('chat.error')
  errorToo(): void {}

  @AsyncOperation('chat.received')
  received(): void {}

  @AsyncOperation('chat.sned')
  sendTypo(): void {}

  @AsyncOperation('admin.ban')
  ban(): void {}
}

const bind = (file: string, providers: unknown[]) => rootModule([AsynctionModule.forRoot(file)], providers as never[]);

describe('binding: code and document agree', () => {
  it('starts and serves the document when every id has exactly one method', async () => {
    const t = await startApp(bind(BINDING, [ChatHandlers]));
    try {
      const socket = await t.connect('/chat');
      assert.equal(await request(socket, 'send', 'hi'), 'sent hi');
      assert.equal(await request(socket, 'send', 42), 'refused: PayloadValidationError');
    } finally {
      await t.close();
    }
  });

  it('binds methods of providers registered with useClass, useValue and useFactory', async () => {
    for (const provider of [
      { provide: 'chat', useClass: ChatHandlers },
      { provide: 'chat', useValue: new ChatHandlers() },
      { provide: 'chat', useFactory: () => new ChatHandlers() },
    ]) {
      const t = await startApp(bind(BINDING, [provider]));
      try {
        assert.equal(await request(await t.connect('/chat'), 'send', 'hi'), 'sent hi', Object.keys(provider)[1]);
      } finally {
        await t.close();
      }
    }
  });
});

describe('binding: every mismatch is a startup error', () => {
  it('a handled operation without a method', async () => {
    assert.deepEqual(await startupProblems(bind(BINDING, [ChatErrorOnly])), [
      problem(BINDING, SEND, startupMessages.missingHandler('chat.send', 'operation')),
    ]);
  });

  it('two methods for one id', async () => {
    assert.deepEqual(await startupProblems(bind(BINDING, [ChatHandlers, SecondSender])), [
      problem(
        BINDING,
        SEND,
        startupMessages.duplicateHandler('chat.send', ['ChatHandlers.send', 'SecondSender.sendAgain']),
      ),
    ]);
  });

  it('a decorated id that exists nowhere in the document', async () => {
    assert.deepEqual(await startupProblems(bind(BINDING, [ChatHandlers, TypoHandlers])), [
      problem(BINDING, '#', startupMessages.unknownHandler('chat.sned', 'TypoHandlers.sendTypo')),
    ]);
  });

  it('an id on an outbound (subscribe) operation', async () => {
    assert.deepEqual(await startupProblems(bind(BINDING, [ChatHandlers, ReceivedHandlers])), [
      problem(
        BINDING,
        '#/channels/chat~1received/subscribe/operationId',
        startupMessages.outboundHandler('chat.received', 'ReceivedHandlers.received'),
      ),
    ]);
  });

  it('a request-scoped handler provider', async () => {
    assert.deepEqual(
      sorted(await startupProblems(bind(BINDING, [RequestScopedChat]))),
      sorted([
        problem(BINDING, SEND, startupMessages.requestScopedHandler('chat.send', 'RequestScopedChat.send')),
        problem(
          BINDING,
          '#/x-namespaces/~1chat/errorHandler',
          startupMessages.requestScopedHandler('chat.error', 'RequestScopedChat.error'),
        ),
      ]),
    );
  });

  it('an undeclared namespace prefix (admin/ban without x-namespaces entry)', async () => {
    const file = fixture('core/namespace-undeclared.yaml');
    // MainHandlers decorates admin.ban too: the dropped channel's id is not reported as unknown on top.
    assert.deepEqual(await startupProblems(bind(file, [MainHandlers])), [
      problem(file, '#/channels/admin~1ban', startupMessages.namespaceUndeclared('admin/ban', '/admin')),
    ]);
  });

  it('a reserved socket.io event name as a message name or channel event', async () => {
    const file = fixture('core/reserved-event-names.yaml');
    const reserved = [
      'connect',
      'connect_error',
      'disconnect',
      'disconnecting',
      'error',
      'newListener',
      'removeListener',
    ];
    assert.deepEqual(
      sorted(await startupProblems(bind(file, [MainHandlers]))),
      sorted([
        ...reserved.map((event, i) =>
          problem(
            file,
            `#/channels/~1/publish/message/oneOf/${i}`,
            startupMessages.reservedEvent(event, '/', 'inbound'),
          ),
        ),
        problem(
          file,
          '#/channels/disconnect/subscribe/message',
          startupMessages.reservedEvent('disconnect', '/', 'outbound'),
        ),
      ]),
    );
  });

  it('two messages with one event name in one namespace and direction', async () => {
    const file = fixture('core/duplicate-event.yaml');
    const other = { file, pointer: '#/channels/chat~1send/publish/message' };
    assert.deepEqual(await startupProblems(bind(file, [MainHandlers, ChatHandlers])), [
      problem(
        file,
        '#/channels/~1chat/publish/message',
        startupMessages.duplicateEvent('send', '/chat', 'inbound', other),
      ),
    ]);
  });

  it('a publish message that names no handler at all (no operationId, no x-handler)', async () => {
    const spec = {
      asyncapi: '2.3.0',
      info: { title: 'No handler id', version: '1.0.0' },
      channels: {
        '/': { publish: { message: { oneOf: [{ name: 'ping', 'x-handler': 'main.echo' }, { name: 'pong' }] } } },
      },
    };
    const problems = await startupProblems(rootModule([AsynctionModule.forRoot({ spec })], [MainHandlers]));
    assert.deepEqual(problems, [
      problem('<object>', '#/channels/~1/publish/message/oneOf/1', startupMessages.inboundWithoutHandler('pong', '/')),
    ]);
  });

  it('a duplicate operationId', async () => {
    const file = fixture('core/duplicate-operation-id.yaml');
    const other = { file, pointer: '#/channels/~1a/publish/operationId' };
    assert.deepEqual(await startupProblems(bind(file, [MainHandlers])), [
      problem(file, '#/channels/~1b/publish/operationId', startupMessages.duplicateOperationId('handle', other)),
    ]);
  });
});

describe('binding: one event in opposite directions is fine', () => {
  it('handles "echo" from the client and emits "echo" to it in the same namespace', async () => {
    const t = await startApp(bind(fixture('core/x-handler-per-message.yaml'), [EchoOnly]));
    try {
      const socket = await t.connect('/');
      assert.equal(await request(socket, 'echo', 'ping'), true);
      const echoed = nextEvent(socket, 'echo');
      t.app.get(AsynctionEmitter).emit('/', 'echo', 'pong');
      assert.equal(await echoed, 'pong');
    } finally {
      await t.close();
    }
  });
});

@Injectable()
class EchoOnly {
  @AsyncOperation('handlers.echo')
  echo(): boolean {
    return true;
  }

  @AsyncOperation('handlers.shout')
  shout(): void {}
}

describe('binding: all problems at once', () => {
  it('reports document and binding problems in one AsynctionSpecError, each with file, pointer and method', async () => {
    const file = fixture('core/many-problems.yaml');
    const problems = await startupProblems(bind(file, [ManyProblemsChat, RequestScopedMain]));
    assert.equal(problems.length, 7);
    assert.deepEqual(
      sorted(problems),
      sorted([
        problem(file, '#/channels/admin~1ban', startupMessages.namespaceUndeclared('admin/ban', '/admin')),
        problem(
          file,
          '#/channels/~1/publish/message/oneOf/1',
          startupMessages.reservedEvent('disconnect', '/', 'inbound'),
        ),
        problem(
          file,
          '#/channels/~1again/publish/operationId',
          startupMessages.duplicateOperationId('main.handle', { file, pointer: '#/channels/~1/publish/operationId' }),
        ),
        problem(
          file,
          '#/x-namespaces/~1chat/errorHandler',
          startupMessages.duplicateHandler('chat.error', ['ManyProblemsChat.error', 'ManyProblemsChat.errorToo']),
        ),
        problem(
          file,
          '#/channels/chat~1received/subscribe/operationId',
          startupMessages.outboundHandler('chat.received', 'ManyProblemsChat.received'),
        ),
        problem(
          file,
          '#/channels/~1again/publish/operationId',
          startupMessages.requestScopedHandler('main.handle', 'RequestScopedMain.handle'),
        ),
        problem(
          file,
          '#/channels/chat~1send/publish/operationId',
          startupMessages.missingHandler('chat.send', 'operation'),
        ),
      ]),
    );
    for (const p of problems) {
      assert.equal(p.at.file, file);
      assert.match(p.at.pointer, /^#\/\S+/);
    }
  });
});
