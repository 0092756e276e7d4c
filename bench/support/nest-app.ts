/** Starts a Nest application for a bench variant the same way for every Nest-based variant. */
import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import type { Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { BenchServerHandle, BenchServerOptions } from '../contract.js';
import { BareHttpAdapter } from './bare-http-adapter.js';

export async function listenNest(module: Type, opts: BenchServerOptions): Promise<BenchServerHandle> {
  const app = await NestFactory.create(module, new BareHttpAdapter(), {
    logger: ['error', 'warn'],
    bodyParser: false,
    abortOnError: false,
  });
  await app.listen(opts.port, opts.host);
  return {
    port: (app.getHttpServer().address() as AddressInfo).port,
    close: () => app.close(),
  };
}
