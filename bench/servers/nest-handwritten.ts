/**
 * Variant `nest-handwritten`: how a NestJS user writes this endpoint today.
 * A @WebSocketGateway with @SubscribeMessage, a class-validator DTO that
 * mirrors the payload schema of bench/fixtures/bench.asyncapi.yaml, checked by
 * ValidationPipe, and the ack returned from the handler (Nest's IoAdapter
 * calls the client's ack callback with the return value).
 *
 * Differences from the ceiling, on purpose (it is the status quo):
 *  - the ack is NOT validated (Nest has no outbound validation; nobody writes
 *    it by hand);
 *  - ValidationPipe gets `whitelist` + `forbidNonWhitelisted`, the
 *    class-validator spelling of `additionalProperties: false`, and an
 *    exceptionFactory that turns failures into WsException (the documented
 *    way to make ValidationPipe errors reach a socket.io client). Neither
 *    changes the cost of a valid message.
 */
import { Module, UsePipes, ValidationPipe } from '@nestjs/common';
import { MessageBody, SubscribeMessage, WebSocketGateway, WsException } from '@nestjs/websockets';
import { IsIn, IsInt, IsNumber, IsOptional, IsPositive, IsString, MaxLength, Min } from 'class-validator';
import type { BenchServerHandle, BenchServerOptions } from '../contract.js';
import { listenNest } from '../support/nest-app.js';

export const description = 'Nest @WebSocketGateway + ValidationPipe/class-validator DTO, ack returned (not validated)';

/** Mirrors channels./bench.publish.message(order).payload. */
export class OrderDto {
  @IsInt()
  @Min(0)
  id!: number;

  @IsString()
  @MaxLength(12)
  symbol!: string;

  @IsIn(['buy', 'sell'])
  side!: 'buy' | 'sell';

  @IsNumber()
  @IsPositive()
  qty!: number;

  @IsNumber()
  @Min(0)
  price!: number;

  @IsOptional()
  @IsString()
  @MaxLength(64)
  note?: string;
}

export interface OrderAck {
  ok: boolean;
  id: number;
}

@WebSocketGateway({ namespace: '/bench' })
export class BenchGateway {
  @SubscribeMessage('order')
  @UsePipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      exceptionFactory: (errors) => new WsException(errors),
    }),
  )
  onOrder(@MessageBody() dto: OrderDto): OrderAck {
    return { ok: true, id: dto.id };
  }
}

@Module({ providers: [BenchGateway] })
export class BenchModule {}

export async function start(opts: BenchServerOptions): Promise<BenchServerHandle> {
  return listenNest(BenchModule, opts);
}
