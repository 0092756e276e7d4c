import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { load } from 'js-yaml';

/**
 * Absolute path of the shared AsyncAPI document. Works from both
 * bench/support/ (source) and build/bench/support/ (compiled): it walks up to
 * the directory that holds package.json.
 */
export const ASYNCAPI_PATH: string = fileURLToPath(
  new URL(
    import.meta.url.includes('/build/bench/')
      ? '../../../bench/fixtures/bench.asyncapi.yaml'
      : '../fixtures/bench.asyncapi.yaml',
    import.meta.url,
  ),
);

export const NAMESPACE = '/bench';
export const EVENT = 'order';

export interface OrderSchemas {
  payload: Record<string, unknown>;
  ack: Record<string, unknown>;
}

/** Payload and ack JSON schemas of `order`, read from the shared document. */
export function loadOrderSchemas(path: string = ASYNCAPI_PATH): OrderSchemas {
  const doc = load(readFileSync(path, 'utf8')) as any;
  const message = doc?.channels?.[NAMESPACE]?.publish?.message;
  if (!message || message.name !== EVENT || !message.payload || !message['x-ack']?.args) {
    throw new Error(
      `${path}: channels["${NAMESPACE}"].publish.message "${EVENT}" with payload and x-ack.args expected`,
    );
  }
  return { payload: message.payload, ack: message['x-ack'].args };
}
