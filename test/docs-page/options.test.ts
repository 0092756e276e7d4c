import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Controller, Get } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { AsynctionModule } from '../../lib/index.js';
import { logMessages } from '../../lib/messages/index.js';
import { COMPONENT_PACKAGE, COMPONENT_VERSION } from '../../lib/docs-page/index.js';
import { loadSample } from '../support/samples.js';
import { fixture, rootModule } from '../support/harness.js';
import { embeddedProps, get, InventoryHandlers, OrdersHandlers, repoFile, startDocsApp } from './support.js';

// The samples are their own program (sample/tsconfig.json): reached at run time, their types stay out of this one.
const { UserHandlers } = await loadSample('account-service/user.handlers.js');
const { AdminHandlers } = await loadSample('chat/admin.handlers.js');
const { ChatHandlers } = await loadSample('chat/chat.handlers.js');

describe('option docs: where the page is and what it shows', () => {
  it('goes beside the socket.io path of the selected server, or where "path" says', async () => {
    const spec = fixture('docs/server-path-v3.yaml');
    const beside = await startDocsApp(
      'express',
      [AsynctionModule.forRoot({ spec, serverName: 'production', docs: true })],
      [InventoryHandlers],
    );
    try {
      assert.equal((await get(beside.url('/api/docs'))).status, 200);
      assert.equal((await get(beside.url('/api/docs/asyncapi.json'))).status, 200);
      assert.equal((await get(beside.url('/docs'))).status, 404);
      const props = embeddedProps((await get(beside.url('/api/docs'))).body.toString('utf8'));
      assert.match(props.schema.operations['inventory.level'].description, /^\*\*socket\.io\*\* namespace `\/stock`, /);
    } finally {
      await beside.close();
    }
    const moved = await startDocsApp(
      'express',
      [AsynctionModule.forRoot({ spec, docs: { path: 'asyncapi/' } })],
      [InventoryHandlers],
    );
    try {
      assert.equal((await get(moved.url('/asyncapi'))).status, 200);
      assert.equal((await get(moved.url('/asyncapi/asyncapi.yaml'))).status, 200);
      assert.equal((await get(moved.url('/docs'))).status, 404);
    } finally {
      await moved.close();
    }
  });

  it('shows several documents (from every forRoot) as an index and one page each', async () => {
    const docs = await startDocsApp(
      'express',
      [
        AsynctionModule.forRoot({ spec: repoFile('sample/chat/asyncapi.yaml'), docs: true }),
        AsynctionModule.forRoot(fixture('docs/relative-refs.yaml')),
      ],
      [ChatHandlers, AdminHandlers, OrdersHandlers],
    );
    try {
      const index = (await get(docs.url('/docs'))).body.toString('utf8');
      assert.match(index, /<a href="\/docs\/chat">Chat<\/a> 1\.0\.0/);
      assert.match(index, /<a href="\/docs\/orders">Orders<\/a> 2\.1\.0/);
      assert.doesNotMatch(index, /<script/);
      for (const [slug, title] of [
        ['chat', 'Chat'],
        ['orders', 'Orders'],
      ]) {
        const page = (await get(docs.url(`/docs/${slug}`))).body.toString('utf8');
        assert.equal(embeddedProps(page).schema.info.title, title);
        assert.match(page, /<a href="\/docs">All documents<\/a>/);
        const json = JSON.parse((await get(docs.url(`/docs/${slug}/asyncapi.json`))).body.toString('utf8'));
        assert.equal(json.info.title, title);
      }
    } finally {
      await docs.close();
    }
  });

  it('copies in place what components cannot hold (a 2.0 channel), and keeps "__proto__" a plain key', async () => {
    const spec = fixture('docs/channel-file-v2.0.yaml');
    const docs = await startDocsApp('express', [AsynctionModule.forRoot({ spec, docs: true })]);
    try {
      const doc = JSON.parse((await get(docs.url('/docs/asyncapi.json'))).body.toString('utf8'));
      assert.equal(doc.channels['/alerts'].description, 'Alerts the server raises.');
      assert.deepEqual(doc.channels['/alerts'].subscribe.message, { $ref: '#/components/messages/alert' });
      assert.deepEqual(doc.components.messages.alert.payload, { $ref: '#/components/schemas/__proto__' });
      assert.ok(Object.hasOwn(doc.components.schemas, '__proto__'));
      assert.deepEqual(doc.components.schemas.__proto__.required, ['level']);
      assert.equal(Object.getPrototypeOf(doc.components.schemas), Object.prototype);
    } finally {
      await docs.close();
    }
  });

  it("shows a document read with perspective 'application' in the specification's reading", async () => {
    const spec = repoFile('sample/account-service/asyncapi.yaml');
    const docs = await startDocsApp(
      'express',
      [AsynctionModule.forRoot({ spec, perspective: 'application', docs: true })],
      [UserHandlers],
    );
    try {
      const { schema } = embeddedProps((await get(docs.url('/docs'))).body.toString('utf8'));
      const channel = schema.channels['user/signedup'];
      assert.deepEqual(Object.keys(channel), ['publish']);
      assert.match(
        channel.publish.description,
        /^\*\*socket\.io\*\* namespace `\/user`, event `signedup` \(the client emits, the server handles\)$/,
      );
      assert.match(schema.info.description, /perspective: 'application'/);
      const asWritten = JSON.parse((await get(docs.url('/docs/asyncapi.json'))).body.toString('utf8'));
      assert.deepEqual(Object.keys(asWritten.channels['user/signedup']), ['subscribe']);
    } finally {
      await docs.close();
    }
  });
});

describe('option docs: what stops the application from starting', () => {
  const ticker = fixture('docs/emits-only.yaml');

  it('refuses a path the page cannot be served at', async () => {
    const module = rootModule([AsynctionModule.forRoot({ spec: ticker, docs: { path: '/a b' } })]);
    const app = await NestFactory.create(module, { logger: false });
    try {
      await assert.rejects(app.init(), { message: logMessages.docsPathInvalid('/a b') });
    } finally {
      await app.close();
    }
  });

  it('names the route when the application has it already (Fastify refuses duplicate routes)', async () => {
    @Controller()
    class DocsController {
      @Get('docs')
      mine() {
        return 'mine';
      }
    }
    const module = rootModule([AsynctionModule.forRoot({ spec: ticker, docs: true })]);
    Reflect.defineMetadata('controllers', [DocsController], module);
    const app = await NestFactory.create(module, new FastifyAdapter(), { logger: false });
    try {
      const [head] = logMessages.docsRouteTaken('/docs', '\0').split('\0');
      await assert.rejects(app.init(), (error: Error) => error.message.startsWith(head));
    } finally {
      await app.close();
    }
  });

  it('names an HTTP adapter it cannot serve through', async () => {
    class OtherAdapter extends ExpressAdapter {
      override getType(): string {
        return 'other';
      }
    }
    const module = rootModule([AsynctionModule.forRoot({ spec: ticker, docs: true })]);
    const app = await NestFactory.create(module, new OtherAdapter(), { logger: false });
    try {
      await assert.rejects(app.init(), { message: logMessages.docsAdapterUnsupported('other') });
    } finally {
      await app.close();
    }
  });

  it('refuses an application without an HTTP server', async () => {
    const module = rootModule([AsynctionModule.forRoot({ spec: ticker, docs: true })]);
    // createApplicationContext runs the init hooks itself.
    await assert.rejects(NestFactory.createApplicationContext(module, { logger: false }), {
      message: logMessages.docsWithoutHttp(),
    });
  });

  it('names the package to install when @asyncapi/react-component is missing', () => {
    // The library, built, in a folder whose node_modules has everything but the component.
    const dir = mkdtempSync(join(tmpdir(), 'asynction-no-component-'));
    try {
      cpSync(repoFile('build/lib'), join(dir, 'lib'), { recursive: true });
      const modules = repoFile('node_modules');
      mkdirSync(join(dir, 'node_modules', '@asyncapi'), { recursive: true });
      for (const entry of readdirSync(modules)) {
        if (entry !== '@asyncapi') symlinkSync(join(modules, entry), join(dir, 'node_modules', entry));
      }
      for (const entry of readdirSync(join(modules, '@asyncapi'))) {
        if (`@asyncapi/${entry}` === COMPONENT_PACKAGE) continue;
        symlinkSync(join(modules, '@asyncapi', entry), join(dir, 'node_modules', '@asyncapi', entry));
      }
      writeFileSync(
        join(dir, 'app.mjs'),
        [
          "import 'reflect-metadata';",
          "import { Module } from '@nestjs/common';",
          "import { NestFactory } from '@nestjs/core';",
          "import { AsynctionModule } from './lib/index.js';",
          'class AppModule {}',
          'Module({ imports: [AsynctionModule.forRoot({ spec: process.argv[2], docs: true })] })(AppModule);',
          'const app = await NestFactory.create(AppModule, { logger: false });',
          "await app.init().then(() => console.log('started'), (error) => console.log(error.message));",
          'await app.close();',
        ].join('\n'),
      );
      const out = spawnSync(process.execPath, [join(dir, 'app.mjs'), ticker], { cwd: dir, encoding: 'utf8' });
      assert.equal(out.status, 0, out.stderr);
      const [head, tail] = logMessages.docsPackageMissing(COMPONENT_PACKAGE, COMPONENT_VERSION, '\0').split('\0');
      assert.ok(out.stdout.startsWith(head), out.stdout);
      assert.ok(out.stdout.trimEnd().endsWith(tail), out.stdout);
      assert.match(tail, /npm install --save-exact @asyncapi\/react-component@2\.6\.4/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
