import { readFileSync } from 'node:fs';
import { Injectable, Module, type Type } from '@nestjs/common';
import { WsException } from '@nestjs/websockets';
import type { Socket } from 'socket.io';
import { load as parseYaml } from 'js-yaml';
import { AsyncOperation, AsynctionEmitter, AsynctionModule } from '../../lib/index.js';
import { fixture } from '../support/harness.js';

/** The contract the test clients read. */
export const CONTRACT = fixture('testing/contract.yaml');

/** What the handlers of the test app do, on request of the `misbehave` message. */
export type Misbehaviour = 'tick' | 'bad tick' | 'bad ack' | 'undeclared' | 'question' | 'silence' | 'bad exception';

/** The error a connection to `/private` is refused with. */
export const PRIVATE_REFUSAL = 'private namespace';

@Injectable()
class ContractHandlers {
  constructor(private readonly emitter: AsynctionEmitter) {}

  @AsyncOperation('contract.echo')
  echo(payload: { text: string }) {
    return { text: payload.text };
  }

  /** Sends what the document forbids through the raw socket, past the emitter's validation. */
  @AsyncOperation('contract.misbehave')
  misbehave(kind: Misbehaviour, socket: Socket) {
    if (kind === 'tick') this.emitter.emitToSocket(socket, 'tick', { n: 1 });
    if (kind === 'bad tick') socket.emit('tick', { n: 'one' });
    if (kind === 'undeclared') socket.emit('surprise', { secret: 42 });
    if (kind === 'bad exception') socket.emit('exception', { status: 'error', message: 'no namespace, no event' });
    if (kind === 'question') void this.emitter.emitWithAck(socket, 'question', 'ready?').catch(() => undefined);
    if (kind === 'silence') return new Promise<never>(() => undefined);
    return kind === 'bad ack' ? { done: 'yes' } : { done: true };
  }

  @AsyncOperation('private.connect')
  refuse(): void {
    throw new WsException(PRIVATE_REFUSAL);
  }
}

/**
 * The app serves the contract without the acknowledgement of `misbehave`, so that the server lets the wrong ack of
 * "bad ack" out: the drift between a server and its contract that the client must catch.
 */
export function contractApp(options: { serverName?: string } = {}): Type {
  const served = parseYaml(readFileSync(CONTRACT, 'utf8')) as {
    components: { messages: Record<string, Record<string, unknown>> };
  };
  delete served.components.messages.Misbehave!['x-ack'];
  @Module({ imports: [AsynctionModule.forRoot({ spec: served, ...options })], providers: [ContractHandlers] })
  class ContractAppModule {}
  return ContractAppModule;
}
