import { Injectable } from '@nestjs/common';
import { WsException } from '@nestjs/websockets';
import { throwError } from 'rxjs';
import type { Socket } from 'socket.io';
import { AsyncOperation, AsynctionModule, type AsynctionModuleOptions } from '../../lib/index.js';
import { fixture, rootModule, startApp, type TestApp } from '../support/harness.js';

/** Handlers of test/fixtures/runtime/runtime.yaml; `calls` records what reached them. */
@Injectable()
export class RuntimeHandlers {
  readonly calls: Array<{ id: string; payload: unknown }> = [];
  readonly lifecycle: string[] = [];

  @AsyncOperation('test.echo')
  echo(payload: { text: string }, socket: Socket) {
    this.calls.push({ id: 'test.echo', payload });
    return { text: payload.text, ...(socket.nsp.name === '/handled' ? { ns: socket.nsp.name } : {}) };
  }

  @AsyncOperation('test.sum')
  sum(args: [number, number]) {
    this.calls.push({ id: 'test.sum', payload: args });
    return args[0] + args[1];
  }

  @AsyncOperation('test.fail')
  fail(mode: string) {
    this.calls.push({ id: 'test.fail', payload: mode });
    if (mode === 'sync') throw new Error('secret internal detail');
    if (mode === 'async') return Promise.reject(new Error('secret internal detail'));
    if (mode === 'observable') return throwError(() => new Error('secret internal detail'));
    throw new WsException('you may read this');
  }

  @AsyncOperation('test.guarded')
  guarded(payload: string) {
    this.calls.push({ id: 'test.guarded', payload });
    return payload;
  }

  @AsyncOperation('test.bad_ack')
  badAck(payload: string) {
    this.calls.push({ id: 'test.bad_ack', payload });
    return 'not an integer';
  }

  @AsyncOperation('test.ping')
  ping(payload: unknown) {
    this.calls.push({ id: 'test.ping', payload });
    return 'pong';
  }

  @AsyncOperation('test.note')
  note(payload: string) {
    this.calls.push({ id: 'test.note', payload });
    return true;
  }

  @AsyncOperation('test.join')
  join(room: string, socket: Socket) {
    void socket.join(room);
    return room;
  }

  @AsyncOperation('test.connect')
  connect(socket: Socket) {
    if (socket.handshake.query.deny) throw new WsException('no entry for you');
    this.lifecycle.push('connect');
  }

  @AsyncOperation('test.disconnect')
  disconnect(_socket: Socket, reason: string) {
    this.lifecycle.push(`disconnect:${reason}`);
  }

  @AsyncOperation('test.handled_error')
  handledError(error: Error) {
    return { handled: true, name: error.name };
  }
}

/** Serves test/fixtures/runtime/runtime.yaml with `RuntimeHandlers`, with extra module options. */
export function serveRuntime(options: Omit<AsynctionModuleOptions, 'spec'> = {}): Promise<TestApp> {
  return startApp(
    rootModule([AsynctionModule.forRoot({ spec: fixture('runtime/runtime.yaml'), ...options })], [RuntimeHandlers]),
  );
}
