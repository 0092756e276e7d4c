import { Injectable, Logger } from '@nestjs/common';
import type { Socket } from 'socket.io';
import { AsyncOperation, type AsynctionError } from '../../lib/index.js';
// Generated from asyncapi.yaml by `asynction types`: with it in the program, tsc checks every @AsyncOperation below.
import type { UserSignedUp } from './asyncapi.types.js';

@Injectable()
export class UserHandlers {
  private readonly logger = new Logger(UserHandlers.name);

  @AsyncOperation('my_api.handlers.user_signedup')
  userSignedUp(payload: UserSignedUp, socket: Socket): { ok: true } {
    this.logger.log(`${payload.displayName} <${payload.email}> signed up (socket ${socket.id})`);
    return { ok: true };
  }

  @AsyncOperation('my_api.handlers.user_error')
  userError(error: AsynctionError): { ok: false; error: string } {
    return { ok: false, error: error.message };
  }
}
