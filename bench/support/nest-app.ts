/** Starts a Nest application for a bench variant the same way for every Nest-based variant. */
import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import type { INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { BenchServerHandle, BenchServerOptions } from '../contract.js';
import { BareHttpAdapter } from './bare-http-adapter.js';

/** The handle, and the application for a variant that needs more of it (its emitter, say). */
export type NestBenchServerHandle = BenchServerHandle & { app: INestApplication };

export async function listenNest(module: Type, opts: BenchServerOptions): Promise<NestBenchServerHandle> {
  const app = await NestFactory.create(module, new BareHttpAdapter(), {
    logger: ['error', 'warn'],
    bodyParser: false,
    abortOnError: false,
  });
  await app.listen(opts.port, opts.host);
  return {
    port: (app.getHttpServer().address() as AddressInfo).port,
    close: () => app.close(),
    app,
  };
}
