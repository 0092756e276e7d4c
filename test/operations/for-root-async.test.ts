import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { AsynctionModule, type AsynctionModuleAsyncOptions } from '../../lib/index.js';
import { startupMessages } from '../../lib/messages/index.js';
import { connectError, fixture, request, rootModule, startApp } from '../support/harness.js';
import { problem, startupProblems } from '../support/startup.js';
import { RuntimeHandlers } from '../runtime/handlers.js';

const SPEC = fixture('runtime/runtime.yaml');
const APP = 'https://app.example.com';
const EVIL = 'https://evil.example.com';

/** What a deployment would read from its environment. */
const environment = () => ({ ALLOWED_ORIGIN: APP, ACK_TIMEOUT: '2500' });
const config = ConfigModule.forRoot({ ignoreEnvFile: true, load: [environment] });

const withFactory = (useFactory: AsynctionModuleAsyncOptions['useFactory'], spec: string | undefined = SPEC) =>
  rootModule(
    [AsynctionModule.forRootAsync({ spec, imports: [config], inject: [ConfigService], useFactory })],
    [RuntimeHandlers],
  );

describe('AsynctionModule.forRootAsync: run-time options from a factory, the document given statically', () => {
  it('applies what the factory built from ConfigService: allowed origins, the default error handler', async () => {
    const seen: string[] = [];
    const t = await startApp(
      withFactory((configService: ConfigService) => ({
        allowedOrigins: [configService.getOrThrow<string>('ALLOWED_ORIGIN')],
        ackTimeout: Number(configService.get('ACK_TIMEOUT')),
        defaultErrorHandler: (error: unknown) => (seen.push((error as Error).name), { fallback: 'from config' }),
      })),
    );
    try {
      const refused = await connectError(t.url('/'), { transports: ['websocket'], extraHeaders: { origin: EVIL } });
      assert.equal(refused.message, 'websocket error');
      const socket = await t.connect('/', { extraHeaders: { origin: APP } });
      assert.deepEqual(await request(socket, 'echo', { text: 'hi' }), { text: 'hi' });
      assert.deepEqual(await request(socket, 'echo', { nope: 1 }), { fallback: 'from config' });
      assert.deepEqual(seen, ['PayloadValidationError']);
    } finally {
      await t.close();
    }
  });

  it('awaits an async factory', async () => {
    const t = await startApp(
      withFactory(async (configService: ConfigService) => {
        await Promise.resolve();
        return { allowedOrigins: [configService.getOrThrow<string>('ALLOWED_ORIGIN')] };
      }),
    );
    try {
      const refused = await connectError(t.url('/'), { transports: ['polling'], extraHeaders: { origin: EVIL } });
      assert.match(refused.message, /xhr poll error|403/);
      const socket = await t.connect('/', { extraHeaders: { origin: APP } });
      assert.deepEqual(await request(socket, 'echo', { text: 'ok' }), { text: 'ok' });
    } finally {
      await t.close();
    }
  });

  it('rejects at startup when the factory returns spec or another static option, naming each', async () => {
    const problems = await startupProblems(
      withFactory(() => ({ spec: SPEC, perspective: 'application' }) as unknown as Record<string, never>),
    );
    assert.deepEqual(problems, [
      problem(SPEC, '#/useFactory', startupMessages.asyncStaticOption('spec')),
      problem(SPEC, '#/useFactory', startupMessages.asyncStaticOption('perspective')),
    ]);
  });

  it('rejects at startup without spec in its own argument', async () => {
    const module = AsynctionModule.forRootAsync({ useFactory: () => ({}) } as unknown as AsynctionModuleAsyncOptions);
    const problems = await startupProblems(rootModule([module], [RuntimeHandlers]));
    assert.deepEqual(problems, [problem('<options>', '#/spec', startupMessages.asyncSpecMissing())]);
  });

  it('rejects at startup, without ending the process, when the factory throws', async () => {
    const problems = await startupProblems(
      withFactory(() => {
        throw new Error('ALLOWED_ORIGIN is not set');
      }),
    );
    assert.deepEqual(problems, [
      problem(SPEC, '#/useFactory', startupMessages.asyncFactoryFailed('ALLOWED_ORIGIN is not set')),
    ]);
  });
});
