import type { MessageMockModel } from '../interfaces/asyncapi-model.interface.js';
import { isRecord } from './json-pointer.js';

/**
 * What a message tells the mock server: the `payload` of each of its `examples` (2.x and 3.x write them alike,
 * `examples: [{ payload, headers, name, summary }]`) and its `x-mock` extension. Malformed entries are left out.
 */
export function mockHintsOf(message: Record<string, unknown>): { examples?: unknown[]; mock?: MessageMockModel } {
  const examples = Array.isArray(message.examples)
    ? message.examples.filter((e) => isRecord(e) && 'payload' in e).map((e) => (e as { payload: unknown }).payload)
    : [];
  const raw = message['x-mock'];
  const mock: MessageMockModel = {};
  if (isRecord(raw)) {
    if (typeof raw.interval === 'number' && Number.isFinite(raw.interval) && raw.interval > 0)
      mock.interval = raw.interval;
    if (typeof raw.disabled === 'boolean') mock.disabled = raw.disabled;
  }
  return {
    ...(examples.length > 0 ? { examples } : {}),
    ...(Object.keys(mock).length > 0 ? { mock } : {}),
  };
}

/** The raw `examples` and `x-mock` of several messages sent as one event (the `namespace/event` convention). */
export function mergedMockHints(messages: ReadonlyArray<Record<string, unknown>>): Record<string, unknown> {
  const examples = messages.flatMap((m) => (Array.isArray(m.examples) ? m.examples : []));
  const withMock = messages.find((m) => isRecord(m['x-mock']));
  return {
    ...(examples.length > 0 ? { examples } : {}),
    ...(withMock ? { 'x-mock': withMock['x-mock'] } : {}),
  };
}
