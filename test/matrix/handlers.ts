import { Injectable } from '@nestjs/common';
import { AsyncOperation } from '../../lib/index.js';

/** Handlers of test/fixtures/matrix/bad-input.yaml; `received` records every payload that reached one. */
@Injectable()
export class MatrixHandlers {
  readonly received: Array<{ event: string; payload: unknown }> = [];

  @AsyncOperation('matrix.order')
  order(payload: { id: number }) {
    this.received.push({ event: 'order', payload });
    return { accepted: true, id: payload.id };
  }

  @AsyncOperation('matrix.move')
  move(payload: [number, number]) {
    this.received.push({ event: 'move', payload });
    return payload[0] + payload[1];
  }

  @AsyncOperation('matrix.note')
  note(payload: string) {
    this.received.push({ event: 'note', payload });
  }

  @AsyncOperation('matrix.code')
  code(payload: { code: string }) {
    this.received.push({ event: 'code', payload });
    return 'accepted';
  }

  @AsyncOperation('matrix.tree')
  tree(payload: unknown[]) {
    this.received.push({ event: 'tree', payload });
    let depth = 0;
    for (let node: unknown = payload; Array.isArray(node) && node.length > 0; node = node[0]) depth++;
    return depth;
  }

  @AsyncOperation('matrix.bag')
  bag(payload: unknown[]) {
    this.received.push({ event: 'bag', payload });
    return payload.length;
  }

  /** Acks an object nested `depth` levels deep: valid for the ack schema, too deep for socket.io's encoder. */
  @AsyncOperation('matrix.deep')
  deep(depth: number) {
    this.received.push({ event: 'deep', payload: depth });
    let value: object = {};
    for (let i = 0; i < depth; i++) value = { v: value };
    return value;
  }
}
