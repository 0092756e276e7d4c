import { Inject, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ASYNCTION_DOCUMENTS } from './asynction.constants.js';
import { AsynctionRuntime } from './gateway/asynction.runtime.js';
import type { AsynctionDocument } from './document/document.reader.js';
import { AsynctionRedisBroker, type AsynctionRedisStatus } from './redis/redis.broker.js';

/** A namespace's state: `listening` once its gateway is up, `closing` once `app.close()` has begun. */
export type AsynctionNamespaceState = 'starting' | 'listening' | 'closing';

/** What `AsynctionHealth.check` reports under its key. */
export interface AsynctionHealthDetails {
  /** `up` when every document is loaded, every namespace listening and Redis (when configured) ready. */
  status: 'up' | 'down';
  /** How many documents are served. */
  documents: number;
  namespaces: Record<string, AsynctionNamespaceState>;
  /** The Redis broker's status, when the application scales out over Redis. */
  redis?: AsynctionRedisStatus;
}

/**
 * Readiness of the socket.io side of the application: documents loaded, gateways listening, the Redis broker's
 * state. `check()` returns the shape of `@nestjs/terminus`' `HealthIndicatorResult` without depending on it; a plain
 * endpoint can answer 503 when `status` is `down`. See docs/operations.md.
 */
@Injectable()
export class AsynctionHealth {
  constructor(
    private readonly runtime: AsynctionRuntime,
    @Inject(ASYNCTION_DOCUMENTS) private readonly documents: AsynctionDocument[],
    private readonly moduleRef: ModuleRef,
  ) {}

  /**
   * @param key the key of the result, as terminus names indicators @default 'asynction'
   */
  check<K extends string = 'asynction'>(key: K = 'asynction' as K): Record<K, AsynctionHealthDetails> {
    const namespaces: Record<string, AsynctionNamespaceState> = {};
    for (const [name, dispatcher] of this.runtime.dispatchers) {
      namespaces[name] = dispatcher.isClosing ? 'closing' : dispatcher.isAttached ? 'listening' : 'starting';
    }
    const redis = this.broker()?.status;
    const loaded = this.documents.length > 0 && this.documents.every((d) => d.problems.length === 0);
    const up =
      loaded &&
      Object.values(namespaces).every((state) => state === 'listening') &&
      (redis === undefined || redis === 'ready');
    const details: AsynctionHealthDetails = {
      status: up ? 'up' : 'down',
      documents: this.documents.length,
      namespaces,
      ...(redis ? { redis } : {}),
    };
    return { [key]: details } as Record<K, AsynctionHealthDetails>;
  }

  /** Whether `check()` reports `up`. */
  isReady(): boolean {
    return this.check().asynction.status === 'up';
  }

  private broker(): AsynctionRedisBroker | undefined {
    try {
      return this.moduleRef.get(AsynctionRedisBroker, { strict: false }) ?? undefined;
    } catch {
      // Only an application with the redis option has a broker.
      return undefined;
    }
  }
}
