import { startupMessages } from '../messages/index.js';
import type { HandshakeBindingsModel, SchemaModel } from '../interfaces/asyncapi-model.interface.js';
import { appendPointer, isRecord } from './json-pointer.js';
import type { SpecProblem } from '../interfaces/spec-problem.interface.js';

/** The methods the WebSockets binding allows. */
const METHODS = ['GET', 'POST'];

/**
 * Reads a channel's `bindings.ws` (WebSockets channel binding: `method`, `query`, `headers`), the shape the socket.io
 * handshake must have. `query` and `headers` must be object schemas, as the binding requires.
 */
export function readHandshakeBindings(
  bindings: unknown,
  pointer: string,
  file: string,
  problems: SpecProblem[],
): HandshakeBindingsModel | undefined {
  const ws = isRecord(bindings) ? bindings.ws : undefined;
  if (!isRecord(ws)) return undefined;
  const wsPointer = appendPointer(pointer, 'ws');
  const model: HandshakeBindingsModel = { at: { file, pointer: wsPointer } };
  if (ws.method !== undefined) {
    if (typeof ws.method === 'string' && METHODS.includes(ws.method.toUpperCase()))
      model.method = ws.method.toUpperCase();
    else
      problems.push({
        at: { file, pointer: appendPointer(wsPointer, 'method') },
        ...startupMessages.bindingsMethodInvalid(ws.method),
      });
  }
  const schema = (field: 'query' | 'headers'): SchemaModel | undefined => {
    const value = ws[field];
    if (value === undefined) return undefined;
    const at = { file, pointer: appendPointer(wsPointer, field) };
    if (!isRecord(value) || (value.type !== undefined && value.type !== 'object')) {
      problems.push({ at, ...startupMessages.bindingsSchemaNotObject(field) });
      return undefined;
    }
    return { schema: value, at, tuple: false };
  };
  model.query = schema('query');
  model.headers = schema('headers');
  return model;
}
