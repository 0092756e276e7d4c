import { Injectable } from '@nestjs/common';
import type { Socket } from 'socket.io';
import { AsyncOperation, AsynctionEmitter } from '../../lib/index.js';
// Generated from asyncapi.yaml by `asynction types`: with it in the program, tsc checks handlers and emits.
import type { AddUserAck, NewMessage, Username } from './asyncapi.types.js';

/** The chat namespace `/`: every inbound event of the document is handled here. */
@Injectable()
export class ChatHandlers {
  private readonly users = new Map<string, string>();

  constructor(private readonly emitter: AsynctionEmitter) {}

  @AsyncOperation('chat.add_user')
  addUser(username: Username, socket: Socket): AddUserAck {
    if (this.users.has(socket.id)) return { error: 'already joined' };
    this.users.set(socket.id, username);
    const numUsers = this.users.size;
    this.emitter.emitToSocket(socket, 'login', { numUsers });
    socket.broadcast.emit('user joined', { username, numUsers });
    return { error: null, numUsers };
  }

  @AsyncOperation('chat.new_message')
  newMessage(message: NewMessage, socket: Socket) {
    const username = this.users.get(socket.id);
    if (!username) return;
    this.emitter.emitTo('/', this.othersThan(socket), 'new message', { username, message });
  }

  @AsyncOperation('chat.typing')
  typing(_payload: unknown, socket: Socket) {
    const username = this.users.get(socket.id);
    if (username) this.emitter.emitTo('/', this.othersThan(socket), 'typing', { username });
  }

  @AsyncOperation('chat.stop_typing')
  stopTyping(_payload: unknown, socket: Socket) {
    const username = this.users.get(socket.id);
    if (username) this.emitter.emitTo('/', this.othersThan(socket), 'stop typing', { username });
  }

  @AsyncOperation('chat.disconnect')
  disconnect(socket: Socket) {
    const username = this.users.get(socket.id);
    if (!username) return;
    this.users.delete(socket.id);
    this.emitter.emit('/', 'user left', { username, numUsers: this.users.size });
  }

  /** Every other connected socket's id: socket ids are rooms, so this is a validated "broadcast". */
  private othersThan(socket: Socket): string[] {
    return [...this.users.keys()].filter((id) => id !== socket.id);
  }
}
