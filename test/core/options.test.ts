import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Injectable } from '@nestjs/common';
import { AsyncOperation, AsynctionModule, type AsynctionModuleOptions } from '../../lib/index.js';
import { startupMessages } from '../../lib/messages/index.js';
import { freePort, request, rootModule, startApp } from '../support/harness.js';
import { problem, startupProblems } from '../support/startup.js';

@Injectable()
class PingHandlers {
  @AsyncOperation('ping')
  ping(n: number): number {
    return n + 1;
  }
}

const spec = {
  asyncapi: '2.6.0',
  info: { title: 'Options', version: '1.0.0' },
  channels: { '/': { publish: { message: { name: 'ping', 'x-handler': 'ping', payload: { type: 'integer' } } } } },
};

/** Options as a user's JavaScript (or a cast) can pass them: with keys the type does not have. */
const loose = (options: Record<string, unknown>) => ({ spec, ...options }) as AsynctionModuleOptions;

const start = (options: AsynctionModuleOptions) =>
  startupProblems(rootModule([AsynctionModule.forRoot(options)], [PingHandlers]));

describe('AsynctionModule.forRoot options it does not know', () => {
  it('refuses a misspelt option at startup, naming the closest option', async () => {
    const problems = await start(loose({ perpective: 'application', ackTimout: 500, mock: { seeed: 1 } }));
    assert.deepEqual(problems, [
      problem('<options>', '#/perpective', startupMessages.unknownOption('perpective', 'perspective', [])),
      problem('<options>', '#/ackTimout', startupMessages.unknownOption('ackTimout', 'ackTimeout', [])),
      problem('<options>', '#/mock/seeed', startupMessages.unknownOption('mock.seeed', 'seed', [])),
    ]);
    assert.equal(problems[0]!.fix, 'rename "perpective" to "perspective"');
  });

  it('refuses an option it has no near name for (one of a later version, say), listing the options', async () => {
    const [only, ...rest] = await start(loose({ compression: true }));
    assert.deepEqual(rest, []);
    assert.deepEqual(only!.at, { file: '<options>', pointer: '#/compression' });
    assert.equal(only!.message, '"compression" is not an option of AsynctionModule.forRoot');
    assert.match(
      only!.fix,
      /^remove "compression" \(or upgrade nestjs-asynction.*\); the options are: spec, validation, /,
    );
  });

  it('refuses a misspelt redis option, which would otherwise be ignored as silently', async () => {
    // A port nothing listens on: the broker fails to connect, after the options have been refused.
    const url = `redis://127.0.0.1:${await freePort()}`;
    const problems = await start(loose({ redis: { url, connectTimeout: 100, requestTimeout: 1000 } }));
    assert.deepEqual(problems, [
      problem(
        '<options>',
        '#/redis/requestTimeout',
        startupMessages.unknownOption('redis.requestTimeout', 'requestsTimeout', []),
      ),
    ]);
  });

  it('starts with every option spelt right', async () => {
    const t = await startApp(
      rootModule([AsynctionModule.forRoot({ spec, perspective: 'client', ackTimeout: 500 })], [PingHandlers]),
    );
    try {
      assert.equal(await request(await t.connect(), 'ping', 1), 2);
    } finally {
      await t.close();
    }
  });
});
