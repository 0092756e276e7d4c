/**
 * The mock serves every servable document of the project's fixtures and samples: each outbound event arrives, valid
 * against its schema, and each inbound event with an ack schema gets a valid ack. Servable means the document reads
 * without problems with some perspective and server; the mock runs in-process, security off (its own test covers it).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { load } from 'js-yaml';
import { io, type Socket as ClientSocket } from 'socket.io-client';
import { AsynctionModule } from '../../lib/index.js';
import { readDocument, type AsynctionDocument } from '../../lib/document/document.reader.js';
import { SchemaCompiler, violationsOf } from '../../lib/document/schema.compiler.js';
import { AsynctionMock, loadMockPackages, PayloadSource } from '../../lib/mock/index.js';
import type { MessageModel, NamespaceModel, SchemaModel } from '../../lib/interfaces/asyncapi-model.interface.js';
import { rootModule, startApp } from '../support/harness.js';
import { waitFor } from '../support/wait.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

function documentsUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'broken' ? [] : documentsUnder(path);
    return /\.(ya?ml|json)$/.test(entry.name) ? [path] : [];
  });
}

interface Servable {
  file: string;
  perspective: 'client' | 'application';
  serverName?: string;
  document: AsynctionDocument;
}

/** The first perspective and server with which the document reads without problems, or undefined. */
function servable(file: string): Servable | undefined {
  let raw: unknown;
  try {
    raw = load(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
  const record = (raw ?? {}) as Record<string, unknown>;
  if (typeof record.asyncapi !== 'string') return undefined; // a part of another document
  const servers = Object.keys((record.servers as object | undefined) ?? {});
  for (const perspective of ['client', 'application'] as const) {
    for (const serverName of [undefined, ...servers]) {
      const document = readDocument(file, { validation: true, perspective, serverName, cwd: ROOT });
      if (document.problems.length === 0) return { file, perspective, serverName, document };
    }
  }
  return undefined;
}

const candidates = [
  ...documentsUnder(join(ROOT, 'test/fixtures')),
  ...readdirSync(join(ROOT, 'sample')).map((name) => join(ROOT, 'sample', name, 'asyncapi.yaml')),
];
/** Documents written to be not mockable, for the test that proves such a message is reported and never sent. */
const UNMOCKABLE = new Set(['test/fixtures/mock/not-mockable.yaml']);
const documents = candidates
  .filter((file) => !UNMOCKABLE.has(relative(ROOT, file)))
  .map(servable)
  .filter((d): d is Servable => d !== undefined);

const compiler = new SchemaCompiler();
const validOrReason = (schema: SchemaModel | undefined, value: unknown): string | undefined => {
  if (!schema) return undefined;
  const errors = violationsOf(compiler.compile(schema.schema), value);
  return errors && JSON.stringify(errors);
};

describe('mock: every servable document of the fixtures and samples', () => {
  it('finds the documents', () => {
    assert.ok(documents.length >= 20, `only ${documents.length} servable documents of ${candidates.length}`);
  });

  for (const { file, perspective, serverName, document } of documents) {
    it(relative(ROOT, file), async () => {
      const packages = await loadMockPackages();
      const context = { packages, compiler, attempts: 25 };
      const spec = { spec: file, perspective, serverName, mock: { interval: 60, seed: 7, auth: 'none' as const } };
      const app = await startApp(rootModule([AsynctionModule.forRoot(spec)]));
      try {
        const unmockable = app.app
          .get(AsynctionMock)
          .summary.events.filter((e) => !e.mockable)
          .map((e) => `${e.namespace} ${e.event}`);
        assert.deepEqual(unmockable, [], 'events the mock reports as not mockable');
        // socket.io clients always open with GET: a namespace whose bindings ask for another method is unreachable.
        const reachable = [...document.model.namespaces.values()].filter(
          (ns) => (ns.bindings?.method ?? 'GET') === 'GET',
        );
        for (const ns of reachable) {
          await checkNamespace(app, ns, serverName ? document.model.serverPath : undefined, context);
        }
      } finally {
        await app.close();
      }
    });
  }
});

async function checkNamespace(
  app: Awaited<ReturnType<typeof startApp>>,
  ns: NamespaceModel,
  path: string | undefined,
  context: ConstructorParameters<typeof PayloadSource>[3],
): Promise<void> {
  const handshake = (schema: SchemaModel | undefined) =>
    schema ? (new PayloadSource(schema, [], 1, context).at(0)?.value as Record<string, string>) : undefined;
  const query = handshake(ns.bindings?.query);
  const headers = handshake(ns.bindings?.headers);
  const received = new Map<string, unknown[]>();
  const socket: ClientSocket = io(app.url(ns.name), {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    ...(path ? { path } : {}),
    ...(query ? { query } : {}),
    ...(headers ? { extraHeaders: headers } : {}),
  });
  // The first of each outbound message is sent as the client connects: listen before connecting.
  socket.onAny((event: string, ...args: unknown[]) => received.set(event, args));
  await new Promise<void>((resolve, reject) => socket.once('connect', () => resolve()).once('connect_error', reject));
  for (const message of ns.outbound.values()) {
    if (message.mock?.disabled) continue;
    await waitFor(`"${message.event}" in ${ns.name}`, () => received.has(message.event));
    const args = received.get(message.event)!;
    const value = message.payload?.tuple ? args : args[0];
    assert.equal(validOrReason(message.payload, value), undefined, `"${message.event}" in ${ns.name} is invalid`);
  }
  for (const message of ns.inbound.values()) await checkAck(socket, ns, message, context);
  socket.disconnect();
}

async function checkAck(
  socket: ClientSocket,
  ns: NamespaceModel,
  message: MessageModel,
  context: ConstructorParameters<typeof PayloadSource>[3],
): Promise<void> {
  if (!message.ack) return;
  const payload = new PayloadSource(message.payload, message.examples ?? [], 3, context).at(0);

  assert.ok(payload, `no valid payload for "${message.event}" in ${ns.name}`);
  const args = message.payload?.tuple ? (payload.value as unknown[]) : message.payload ? [payload.value] : [];
  const ack = (await socket.timeout(5000).emitWithAck(message.event, ...args)) as unknown;
  const value = ack;
  assert.equal(validOrReason(message.ack, value), undefined, `the ack of "${message.event}" in ${ns.name}`);
}
