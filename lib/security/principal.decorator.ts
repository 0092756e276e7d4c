import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Socket } from '../interfaces/socket-io.interface.js';
import { PRINCIPAL_DATA_KEY } from '../asynction.constants.js';

/**
 * Injects the connection's principal, what the verifying method of the security scheme that admitted it returned
 * (also on `socket.data.principal`): `onMessage(payload: Msg, socket: Socket, @Principal() user: User)`.
 * Undefined on a namespace without security.
 */
export const Principal = createParamDecorator(
  (_data: unknown, ctx: ExecutionContext): unknown =>
    (ctx.switchToWs().getClient<Socket>().data as Record<string, unknown> | undefined)?.[PRINCIPAL_DATA_KEY],
);
