import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort } from '../support/harness.js';
import { Sandbox } from '../support/sandbox.js';

/** A CommonJS Nest app, as `tsc` compiles it with `"module": "node20"` in a package without `"type": "module"`. */
const APP = `
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AsyncOperation, AsynctionModule } from 'nestjs-asynction';
import { io } from 'socket.io-client';

@Injectable()
class EchoHandlers {
  @AsyncOperation('echo')
  echo(text: string) {
    return text.toUpperCase();
  }
}

@Module({ imports: [AsynctionModule.forRoot('./asyncapi.yaml')], providers: [EchoHandlers] })
class AppModule {}

async function main() {
  const app = await NestFactory.create(AppModule, { logger: false });
  await app.listen(Number(process.env.PORT), '127.0.0.1');
  const socket = io('http://127.0.0.1:' + process.env.PORT, { transports: ['websocket'] });
  console.log(await socket.emitWithAck('echo', 'hello'));
  socket.close();
  await app.close();
}
void main();
`;

const DOCUMENT = `asyncapi: 2.6.0
info: { title: Echo, version: 1.0.0 }
channels:
  /:
    publish:
      operationId: echo
      message: { name: echo, payload: { type: string }, x-ack: { args: { type: string } } }
`;

describe('CommonJS apps (docs/commonjs.md): the ESM-only library through require(esm)', () => {
  const sandbox = new Sandbox();
  before(() => {
    sandbox.write('package.json', JSON.stringify({ name: 'cjs-app', private: true, type: 'commonjs' }));
    sandbox.write('check.cjs', "console.log(typeof require('nestjs-asynction').AsynctionModule.forRoot);\n");
  });
  after(() => sandbox.remove());

  it('require("nestjs-asynction") works on this Node, and fails without require(esm)', () => {
    assert.equal(process.features.require_module, true, `Node ${process.version} has no require(esm)`);
    const run = (...flags: string[]) =>
      spawnSync(process.execPath, [...flags, 'check.cjs'], { cwd: sandbox.dir, encoding: 'utf8' });
    const required = run();
    assert.equal(required.status, 0, required.stderr);
    assert.equal(required.stdout, 'function\n');
    assert.equal(required.stderr, '');
    const without = run('--no-experimental-require-module');
    assert.notEqual(without.status, 0);
    assert.match(without.stderr, /ERR_REQUIRE_ESM/);
  });

  it('a CommonJS Nest app compiled by tsc serves a document and answers a client', async () => {
    sandbox.write('asyncapi.yaml', DOCUMENT);
    sandbox.write('src/main.ts', APP);
    sandbox.write(
      'tsconfig.json',
      JSON.stringify({
        compilerOptions: {
          target: 'ES2022',
          module: 'node20',
          strict: true,
          experimentalDecorators: true,
          emitDecoratorMetadata: true,
          skipLibCheck: true,
          types: ['node'],
          rootDir: 'src',
          outDir: 'dist',
        },
        include: ['src'],
      }),
    );
    const compiled = sandbox.tsc('-p', '.');
    assert.equal(compiled.status, 0, compiled.output);
    assert.match(readFileSync(join(sandbox.dir, 'dist/main.js'), 'utf8'), /require\("nestjs-asynction"\)/);
    const app = sandbox.node('dist/main.js', { PORT: String(await freePort()) });
    assert.equal(await app.exitWithin(), 0, app.stderr);
    assert.equal(app.stdout, 'HELLO\n');
  });
});
