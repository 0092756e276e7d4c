import 'reflect-metadata';
import { Module, type INestApplication } from '@nestjs/common';
import type { AddressInfo } from 'node:net';
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { AsynctionModule } from '../asynction.module.js';
import { AsynctionMock, mockReportLines } from '../mock/index.js';

export const MOCK_HELP = `Usage: asynction mock [options] <document...>

Serves AsyncAPI documents over socket.io with no handler written: every inbound event is validated and
acknowledged with data generated from its ack schema, every outbound message is sent to each connected
client at once and then every interval. Payloads come from the message's examples first, then the
schema's examples/default/const, then data generated from the schema (json-schema-faker; Faker-style
formats through @faker-js/faker when installed); every one is validated before it is sent.

Options:
  --port <n>             port to listen on (default 5000; 0 picks a free one)
  --host <h>             address to listen on (default 127.0.0.1)
  --interval <seconds>   time between two outbound messages to a client (default 1; x-mock.interval wins)
  --seed <n>             seed of the generated data: the same seed gives the same sequence (default random)
  --server <name>        the server whose URL path is the socket.io path (forRoot's "serverName")
  --perspective <p>      how AsyncAPI 2 publish/subscribe are read: "client" (default) or "application"
  --without-validation   do not validate what clients send (generated data is still checked)
  --no-auth              ignore the documents' security (default: well-formed credentials are accepted)
  -h, --help             show this help

Ctrl-C stops the server. Exit status: 0 after a clean stop, 1 when the documents cannot be served, 2 on a usage
error.

Examples:
  npx asynction mock ./docs/asyncapi.yaml
  npx asynction mock --port 4000 --interval 0.5 --seed 42 docs/chat.yaml docs/admin.yaml
`;

/** What `asynction mock` was asked, once its arguments are checked. */
export interface MockRequest {
  documents: string[];
  port: number;
  host: string;
  interval: number;
  seed?: number;
  serverName?: string;
  perspective: 'client' | 'application';
  validation: boolean;
  auth: 'well-formed' | 'none';
}

/** Parses the arguments after `mock`: the request, the help text, or a usage error. */
export function parseMockArgs(argv: string[]): MockRequest | { help: true } | { error: string } {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        port: { type: 'string', default: '5000' },
        host: { type: 'string', default: '127.0.0.1' },
        interval: { type: 'string', default: '1' },
        seed: { type: 'string' },
        server: { type: 'string' },
        perspective: { type: 'string', default: 'client' },
        'without-validation': { type: 'boolean', default: false },
        'no-auth': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    return { error: (error as Error).message };
  }
  const { values, positionals } = parsed;
  if (values.help) return { help: true };
  if (positionals.length === 0) return { error: 'missing <document>: give the path of an AsyncAPI document' };
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    return { error: `--port must be a port number (0-65535), not "${values.port}"` };
  const interval = Number(values.interval);
  if (!(interval > 0)) return { error: `--interval must be a positive number of seconds, not "${values.interval}"` };
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  if (seed !== undefined && !Number.isSafeInteger(seed))
    return { error: `--seed must be an integer, not "${values.seed}"` };
  const perspective = values.perspective;
  if (perspective !== 'client' && perspective !== 'application')
    return { error: `--perspective must be "client" or "application", not "${perspective}"` };
  return {
    documents: positionals,
    port,
    host: values.host,
    interval,
    ...(seed === undefined ? {} : { seed }),
    ...(values.server === undefined ? {} : { serverName: values.server }),
    perspective,
    validation: !values['without-validation'],
    auth: values['no-auth'] ? 'none' : 'well-formed',
  };
}

/** The mock server's application: the documents, every operation mocked. */
export function mockModule(request: Omit<MockRequest, 'port' | 'host'>, cwd: string): new () => unknown {
  @Module({
    imports: [
      AsynctionModule.forRoot({
        spec: request.documents,
        cwd,
        perspective: request.perspective,
        validation: request.validation,
        ...(request.serverName === undefined ? {} : { serverName: request.serverName }),
        mock: {
          interval: request.interval,
          auth: request.auth,
          ...(request.seed === undefined ? {} : { seed: request.seed }),
        },
      }),
    ],
  })
  class AsynctionMockServer {}
  return AsynctionMockServer;
}

/** The startup banner: where to connect, and what the mock does with each event of each namespace. */
export function mockBanner(app: INestApplication, request: MockRequest, cwd: string): string {
  const { port } = app.getHttpServer().address() as AddressInfo;
  const report = app.get(AsynctionMock).summary;
  const files = request.documents.map((d) => relative(cwd, d) || d).join(', ');
  return [
    `Asynction mock server for ${files}`,
    `  socket.io: http://${request.host.includes(':') ? `[${request.host}]` : request.host}:${port}`,
    `  seed ${report.seed} (--seed ${report.seed} repeats this run's data), security: ${
      request.auth === 'none' ? 'off (--no-auth)' : 'well-formed credentials accepted'
    }`,
    ...mockReportLines(report).map((line) => `  ${line}`),
    '  Ctrl-C stops it.',
    '',
  ].join('\n');
}

/**
 * Starts the mock server and resolves once it listens; SIGINT and SIGTERM close it (exit status 0).
 * @returns the exit status when it could not start
 */
export async function startMock(request: MockRequest, cwd: string): Promise<number> {
  const { NestFactory } = await import('@nestjs/core');
  let app: INestApplication;
  try {
    app = await NestFactory.create(mockModule(request, cwd), { logger: ['error', 'warn'], abortOnError: false });
    await app.listen(request.port, request.host);
  } catch (error) {
    process.stderr.write(`asynction mock: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  process.stdout.write(mockBanner(app, request, cwd));
  const stop = () => {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    void app.close().then(
      () => (process.exitCode = 0),
      (error: unknown) => {
        process.stderr.write(`asynction mock: ${String(error)}\n`);
        process.exitCode = 1;
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return 0;
}
