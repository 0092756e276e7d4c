import { Inject, Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { ASYNCTION_OPTIONS } from '../asynction.constants.js';
import { logMessages } from '../messages/index.js';
import type { ResolvedAsynctionOptions } from '../interfaces/asynction-options.interface.js';
import { AsynctionRuntime } from './asynction.runtime.js';

/**
 * `app.close()`, before Nest closes the socket.io servers: no new connection or message is admitted, the handlers
 * in flight finish (up to `shutdownTimeout`) and their acks are sent, then every client is disconnected, seeing the
 * reason `io server disconnect`.
 */
@Injectable()
export class GracefulShutdown implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Asynction');

  constructor(
    private readonly runtime: AsynctionRuntime,
    @Inject(ASYNCTION_OPTIONS) private readonly options: ResolvedAsynctionOptions | undefined,
  ) {}

  async beforeApplicationShutdown(): Promise<void> {
    const timeout = this.options?.shutdownTimeout ?? 10_000;
    const { finished, cut, clients } = await this.runtime.shutdown(timeout);
    if (cut > 0) this.logger.warn(logMessages.shutdownTimedOut(cut, timeout));
    if (finished + clients > 0) this.logger.log(logMessages.shutdownDone(finished, clients));
  }
}
