import { Injectable } from '@nestjs/common';
import { WsException } from '@nestjs/websockets';
import type { Socket } from 'socket.io';
import { AsyncOperation, PayloadValidationError } from '../../lib/index.js';

/** Handlers of the chat application (test/fixtures/v3/chat-v2.yaml and its 3.x translation chat-v3.yaml). */
@Injectable()
export class ChatHandlers {
  readonly calls: string[] = [];

  @AsyncOperation('chat.hello')
  hello(payload: { text: string }) {
    this.calls.push(`hello:${payload.text}`);
    // "wrong" answers with an acknowledgement the document does not allow
    return payload.text === 'wrong' ? { reply: 42 } : { reply: `hi ${payload.text}` };
  }

  @AsyncOperation('chat.move')
  move([x, y]: [number, number]) {
    this.calls.push(`move:${x},${y}`);
    return x + y;
  }

  @AsyncOperation('chat.disconnect')
  disconnect(_socket: Socket, reason: string) {
    this.calls.push(`disconnect:${reason}`);
  }

  @AsyncOperation('admin.connect')
  connect(socket: Socket) {
    if ((socket.handshake.auth as { token?: string }).token !== 'moderator') throw new WsException('moderators only');
  }

  @AsyncOperation('admin.ban')
  ban(payload: { user: string }) {
    this.calls.push(`ban:${payload.user}`);
    return true;
  }

  @AsyncOperation('admin.error')
  error(error: unknown) {
    return { handled: error instanceof PayloadValidationError ? error.errors.map((e) => e.pointer) : String(error) };
  }
}
