import assert from 'node:assert/strict';
import type { SchemaViolation } from '../../lib/index.js';
import { clientMessages } from '../../lib/messages/index.js';
import { waitFor } from '../support/wait.js';
import {
  answeredWithError,
  CLOSED_BY_SERVER,
  closes,
  ignored,
  invalid,
  invalidFrame,
  lastReceived,
  MAX_BUFFER,
  MESSAGE_TOO_BIG,
  NS,
  sendWithAck,
  stillServes,
  undeclared,
  valid,
  type MatrixContext,
} from './answers.js';

/** One kind of bad input: what the client sends, the defined answer, and the test that holds the server to it. */
export interface BadInputKind {
  kind: string;
  sends: string;
  answer: string;
  connection: 'stays open' | 'closed';
  run(context: MatrixContext): Promise<void>;
}

/** The row of a kind in the table of docs/bad-input.md, which must say what the tests assert. */
export function tableRow(kind: BadInputKind): string {
  return `| ${kind.kind} | ${kind.sends} | ${kind.answer} | ${kind.connection} |`;
}

const n = (count: number) => count.toLocaleString('en');
const arrays = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const objects = (depth: number) => '{"v":'.repeat(depth) + '{}' + '}'.repeat(depth);

/** Messages in the flood. */
const FLOOD = 20_000;

/** Sends FLOOD messages as fast as the socket takes them, every fourth of each sort; checks every answer. */
async function flood({ raw, canary, report }: MatrixContext): Promise<void> {
  const frames = [
    (i: number, id: number) => `42${NS},${id}${JSON.stringify(['order', valid(i + 1)])}`,
    (i: number, id: number) => `42${NS},${id}["order",{"id":"${i}"}]`,
    (_: number, id: number) => `42${NS},${id}["nope",1]`,
    (i: number, id: number) => `42${NS},${id}["move",${i},1]`,
  ];
  const start = performance.now();
  const acks: Array<Promise<unknown[]>> = [];
  for (let i = 0; i < FLOOD; i++) {
    const id = raw.takeAckId();
    acks.push(raw.ack(NS, id, 30_000));
    raw.sendRaw(frames[i % 4](i, id));
  }
  const answers = await Promise.all(acks);
  const ms = performance.now() - start;
  answers.forEach((answer, i) => {
    const [first] = answer as [Record<string, unknown>];
    if (i % 4 === 0) assert.deepEqual(answer, [{ accepted: true, id: i + 1 }]);
    else if (i % 4 === 3) assert.deepEqual(answer, [i + 1]);
    else assert.deepEqual([first.status, first.event], ['error', i % 4 === 1 ? 'order' : 'nope'], `answer ${i}`);
  });
  const end = start + ms;
  const during = canary.trips.filter((trip) => trip.start >= start && trip.start <= end).length;
  report(
    `flood: ${FLOOD} messages answered in ${ms.toFixed(0)} ms (${Math.round(FLOOD / (ms / 1000))} msg/s); canary during the flood: ` +
      `${during} round trips, p50 ${canary.percentile(50, start, end).toFixed(1)} ms, p99 ${canary.percentile(99, start, end).toFixed(1)} ms`,
  );
  await stillServes(raw);
}

const v = (pointer: string, message: string): SchemaViolation => ({ pointer, message });
const placeholder = '{"_placeholder":true,"num":0}';

export const kinds: BadInputKind[] = [
  // Payloads that reach validation
  {
    kind: 'wrong type',
    sends: '`order` with `"id": "1"` (string for integer)',
    answer: 'validation error at `/id`',
    connection: 'stays open',
    run: invalid('order', [{ id: '1', name: 'a', side: 'buy' }], [v('/id', 'must be integer')]),
  },
  {
    kind: 'wrong type, nested',
    sends: '`order` with `address.city: 5`',
    answer: 'validation error at `/address/city`',
    connection: 'stays open',
    run: invalid('order', [{ ...valid(1), address: { city: 5 } }], [v('/address/city', 'must be string')]),
  },
  {
    kind: 'value outside the enum',
    sends: '`order` with `side: "hold"`',
    answer: 'validation error at `/side` listing the allowed values',
    connection: 'stays open',
    run: invalid(
      'order',
      [{ ...valid(1), side: 'hold' }],
      [v('/side', 'must be equal to one of the allowed values: "buy", "sell"')],
    ),
  },
  {
    kind: 'missing field',
    sends: '`order` without `side`',
    answer: 'validation error at the payload: required property',
    connection: 'stays open',
    run: invalid('order', [{ id: 1, name: 'a' }], [v('', "must have required property 'side'")]),
  },
  {
    kind: 'extra field',
    sends: '`order` with `admin: true` (`additionalProperties: false`)',
    answer: 'validation error naming the property',
    connection: 'stays open',
    run: invalid('order', [{ ...valid(1), admin: true }], [v('', 'must NOT have additional property "admin"')]),
  },
  {
    kind: 'zero arguments',
    sends: '`order` with no argument',
    answer: 'validation error: expected 1 argument, got 0',
    connection: 'stays open',
    run: invalid('order', [], [v('', clientMessages.argumentsCount(1, 0))]),
  },
  {
    kind: 'too many arguments',
    sends: '`order` with three arguments',
    answer: 'validation error: expected 1 argument, got 3',
    connection: 'stays open',
    run: invalid('order', [valid(1), valid(2), valid(3)], [v('', clientMessages.argumentsCount(1, 3))]),
  },
  {
    kind: 'null',
    sends: '`order` with `null`',
    answer: 'validation error: must be object',
    connection: 'stays open',
    run: invalid('order', [null], [v('', 'must be object')]),
  },
  {
    kind: 'string past maxLength',
    sends: '`order` with a 21-character `name` (maxLength 20)',
    answer: 'validation error at `/name`',
    connection: 'stays open',
    run: invalid(
      'order',
      [{ ...valid(1), name: 'x'.repeat(21) }],
      [v('/name', 'must NOT have more than 20 characters')],
    ),
  },
  {
    kind: 'array past maxItems',
    sends: '`order` with 4 `tags` (maxItems 3)',
    answer: 'validation error at `/tags`',
    connection: 'stays open',
    run: invalid(
      'order',
      [{ ...valid(1), tags: ['a', 'b', 'c', 'd'] }],
      [v('/tags', 'must NOT have more than 3 items')],
    ),
  },
  {
    kind: 'tuple: wrong type',
    sends: '`move` with `1, "two"`',
    answer: 'validation error at `/1`',
    connection: 'stays open',
    run: invalid('move', [1, 'two'], [v('/1', 'must be integer')]),
  },
  {
    kind: 'tuple: too few / too many',
    sends: '`move` with `1`, then with `1, 2, 3`',
    answer: 'validation error: fewer than 2 / more than 2 items',
    connection: 'stays open',
    run: async (context) => {
      await invalid('move', [1], [v('', 'must NOT have fewer than 2 items')])(context);
      await invalid('move', [1, 2, 3], [v('', 'must NOT have more than 2 items')])(context);
    },
  },
  {
    kind: 'payload past maxHttpBufferSize',
    sends: `an \`order\` frame of over ${n(MAX_BUFFER + 100_000)} bytes (\`maxHttpBufferSize: ${MAX_BUFFER}\`)`,
    answer: `connection closed by engine.io, WebSocket code ${MESSAGE_TOO_BIG}`,
    connection: 'closed',
    run: closes(
      MESSAGE_TOO_BIG,
      `42${NS},${JSON.stringify(['order', { ...valid(1), name: 'x'.repeat(MAX_BUFFER + 100_000) }])}`,
    ),
  },
  ...[5000, 100_000].map<BadInputKind>((depth) => ({
    kind: `nesting ${n(depth)} deep`,
    sends: `\`order\` whose payload is ${n(depth)} nested arrays, then ${n(depth)} nested objects`,
    answer: 'validation error at the payload (the first rule that fails)',
    connection: 'stays open',
    run: async (context) => {
      await invalidFrame('order', `42${NS},%id["order",${arrays(depth)}]`, [v('', 'must be object')])(context);
      await invalidFrame('order', `42${NS},%id["order",${objects(depth)}]`, [
        v('', "must have required property 'id'"),
      ])(context);
    },
  })),
  {
    kind: 'nesting 100,000 deep into a recursive schema',
    sends: '`tree` (`Nested: array of Nested`) with 100,000 nested arrays; 1,000 are valid',
    answer: 'validation error: could not be validated (Maximum call stack size exceeded); 1,000 deep is accepted',
    connection: 'stays open',
    run: async (context) => {
      assert.deepEqual(await sendWithAck(context.raw, (id) => `42${NS},${id}["tree",${arrays(1000)}]`), [999]);
      const aborted = [v('', clientMessages.validationAborted('Maximum call stack size exceeded'))];
      await invalidFrame('tree', `42${NS},%id["tree",${arrays(100_000)}]`, aborted)(context);
    },
  },
  {
    kind: 'uniqueItems over deeply nested items',
    sends: '`bag` (`uniqueItems`, items of any shape) with two 50,000-deep arrays',
    answer: 'validation error: could not be validated (Maximum call stack size exceeded)',
    connection: 'stays open',
    run: invalidFrame('bag', `42${NS},%id["bag",[${arrays(50_000)},${arrays(50_000)}]]`, [
      v('', clientMessages.validationAborted('Maximum call stack size exceeded')),
    ]),
  },
  {
    kind: '`__proto__` key',
    sends: '`order` with `"__proto__": {"polluted": true}` in the JSON text, at the top and in `address`',
    answer: 'validation error naming `__proto__`; `Object.prototype` untouched',
    connection: 'stays open',
    run: async (context) => {
      const pollute = '"__proto__":{"polluted":true}';
      await invalidFrame('order', `42${NS},%id["order",{"id":1,"name":"a","side":"buy",${pollute}}]`, [
        v('', 'must NOT have additional property "__proto__"'),
      ])(context);
      await invalidFrame(
        'order',
        `42${NS},%id["order",{"id":1,"name":"a","side":"buy","address":{"city":"c",${pollute}}}]`,
        [v('/address', 'must NOT have additional property "__proto__"')],
      )(context);
    },
  },
  {
    kind: '`constructor.prototype` key',
    sends: '`order` with `"constructor": {"prototype": {"polluted": true}}`',
    answer: 'validation error naming `constructor`; `Object.prototype` untouched',
    connection: 'stays open',
    run: invalidFrame(
      'order',
      `42${NS},%id["order",{"id":1,"name":"a","side":"buy","constructor":{"prototype":{"polluted":true}}}]`,
      [v('', 'must NOT have additional property "constructor"')],
    ),
  },
  {
    kind: 'prototype keys where the schema allows any value',
    sends: '`bag` with `[{"__proto__": {..}}, {"constructor": {"prototype": {..}}}]`',
    answer: 'accepted: the handler gets them as plain own keys; `Object.prototype` untouched',
    connection: 'stays open',
    run: async ({ raw, handlers }) => {
      const ack = await sendWithAck(
        raw,
        (id) =>
          `42${NS},${id}["bag",[{"__proto__":{"polluted":true}},{"constructor":{"prototype":{"polluted":true}}}]]`,
      );
      assert.deepEqual(ack, [2]);
      const [first] = lastReceived(handlers, 'bag') as Array<Record<string, unknown>>;
      assert.equal(Object.getPrototypeOf(first), Object.prototype);
      assert.ok(Object.hasOwn(first, '__proto__'), '"__proto__" stays an own key of the payload');
    },
  },
  // Binary attachments
  {
    kind: 'binary attachment where JSON is expected',
    sends: '`451-` event with `id` as `{"_placeholder":true,"num":0}`, then a binary frame',
    answer: 'validation error at `/id` (a Buffer is not an integer)',
    connection: 'stays open',
    run: invalidFrame(
      'order',
      `451-${NS},%id["order",{"id":${placeholder},"name":"a","side":"buy"}]`,
      [v('/id', 'must be integer')],
      [Buffer.from('binary')],
    ),
  },
  {
    kind: 'binary attachment as the whole payload',
    sends: '`note` (string) as a binary attachment',
    answer: 'validation error: must be string',
    connection: 'stays open',
    run: invalidFrame(
      'note',
      `451-${NS},%id["note",${placeholder}]`,
      [v('', 'must be string')],
      [Buffer.from('binary')],
    ),
  },
  {
    kind: 'attachments announced, text sent instead',
    sends: '`451-` header, then a text frame instead of the binary one',
    answer: 'connection closed by socket.io (got plaintext data when reconstructing a packet)',
    connection: 'closed',
    run: closes(CLOSED_BY_SERVER, `451-${NS},["order",${placeholder}]`, `42${NS},["order",{}]`),
  },
  {
    kind: 'placeholder out of range',
    sends: '`451-` event with `"num": 5`, then one binary frame',
    answer: 'connection closed by socket.io (illegal attachments)',
    connection: 'closed',
    run: closes(CLOSED_BY_SERVER, `451-${NS},["order",{"_placeholder":true,"num":5}]`, Buffer.from('binary')),
  },
  {
    kind: 'attachment count not a number',
    sends: '`45x-/matrix,["order",{}]`',
    answer: 'connection closed by socket.io (illegal attachments)',
    connection: 'closed',
    run: closes(CLOSED_BY_SERVER, `45x-${NS},["order",{}]`),
  },
  // Malformed socket.io packets
  {
    kind: 'bad JSON',
    sends: '`42/matrix,["order",{`',
    answer: 'connection closed by socket.io (invalid payload)',
    connection: 'closed',
    run: closes(CLOSED_BY_SERVER, `42${NS},["order",{`),
  },
  {
    kind: 'unknown packet type digit',
    sends: '`47/matrix,["order",{}]`',
    answer: 'connection closed by socket.io (unknown packet type)',
    connection: 'closed',
    run: closes(CLOSED_BY_SERVER, `47${NS},["order",{}]`),
  },
  {
    kind: 'event name not a string',
    sends: '`42/matrix,[{"a":1},1]`',
    answer: 'connection closed by socket.io (invalid payload)',
    connection: 'closed',
    run: closes(CLOSED_BY_SERVER, `42${NS},[{"a":1},1]`),
  },
  {
    kind: 'event name a number',
    sends: '`42/matrix,<id>[7,1]` (socket.io accepts numbers)',
    answer: 'undeclared-event error for `"7"`',
    connection: 'stays open',
    run: ({ raw }) =>
      answeredWithError(raw, '7', () => sendWithAck(raw, (id) => `42${NS},${id}[7,1]`), {
        message: clientMessages.undeclaredEvent(NS, '7'),
      }),
  },
  {
    kind: 'empty event array',
    sends: '`42/matrix,[]`',
    answer: 'connection closed by socket.io (invalid payload)',
    connection: 'closed',
    run: closes(CLOSED_BY_SERVER, `42${NS},[]`),
  },
  {
    kind: 'reserved event name',
    sends: '`42/matrix,["disconnect"]`',
    answer: 'connection closed by socket.io (invalid payload)',
    connection: 'closed',
    run: closes(CLOSED_BY_SERVER, `42${NS},["disconnect"]`),
  },
  {
    kind: 'packet for a namespace never joined',
    sends: '`42/never,["order",{}]`',
    answer: 'connection closed by socket.io (invalid state)',
    connection: 'closed',
    run: closes(CLOSED_BY_SERVER, '42/never,["order",{}]'),
  },
  {
    kind: 'CONNECT to an undeclared namespace',
    sends: '`40/never,`',
    answer: '`44/never,{"message":"Invalid namespace"}`',
    connection: 'stays open',
    run: async ({ raw }) => {
      const refusal = raw.next((f) => typeof f === 'string' && f.startsWith('44/never,'));
      raw.sendRaw('40/never,');
      assert.equal(await refusal, '44/never,{"message":"Invalid namespace"}');
      await stillServes(raw);
    },
  },
  {
    kind: 'second CONNECT',
    sends: '`40/matrix,` again on the joined namespace',
    answer: 'connection closed by socket.io (invalid state)',
    connection: 'closed',
    run: closes(CLOSED_BY_SERVER, `40${NS},`),
  },
  {
    kind: 'CONNECT_ERROR from the client',
    sends: '`44/matrix,{"message":"x"}`',
    answer: 'connection closed by socket.io (invalid state)',
    connection: 'closed',
    run: closes(CLOSED_BY_SERVER, `44${NS},{"message":"x"}`),
  },
  {
    kind: 'bad ack id',
    sends: '`43/matrix,999["x"]` (no such ack pending)',
    answer: 'ignored',
    connection: 'stays open',
    run: ignored(`43${NS},999["x"]`),
  },
  // Malformed engine.io packets
  {
    kind: 'engine.io: unknown packet type',
    sends: '`9hello`',
    answer: 'connection closed by engine.io (parse error)',
    connection: 'closed',
    run: closes(CLOSED_BY_SERVER, '9hello'),
  },
  {
    kind: 'engine.io: empty frame',
    sends: 'an empty text frame',
    answer: 'connection closed by engine.io (parse error)',
    connection: 'closed',
    run: closes(CLOSED_BY_SERVER, ''),
  },
  {
    kind: 'engine.io: huge garbage frame',
    sends: `${n(MAX_BUFFER - 100_000)} bytes of \`x\` (under the limit)`,
    answer: 'connection closed by engine.io (parse error)',
    connection: 'closed',
    run: closes(CLOSED_BY_SERVER, 'x'.repeat(MAX_BUFFER - 100_000)),
  },
  {
    kind: 'engine.io: garbage frame past maxHttpBufferSize',
    sends: `${n(MAX_BUFFER + 300_000)} bytes of \`x\``,
    answer: `connection closed by engine.io, WebSocket code ${MESSAGE_TOO_BIG}`,
    connection: 'closed',
    run: closes(MESSAGE_TOO_BIG, 'x'.repeat(MAX_BUFFER + 300_000)),
  },
  {
    kind: 'engine.io: binary garbage',
    sends: 'a binary frame `01 02 03 ff` with no binary packet announced',
    answer: 'connection closed by socket.io (got binary data when not reconstructing a packet)',
    connection: 'closed',
    run: closes(CLOSED_BY_SERVER, Buffer.from([1, 2, 3, 255])),
  },
  {
    kind: 'engine.io: ping from the client',
    sends: '`2` (only the server pings in engine.io v4)',
    answer: 'connection closed by engine.io (invalid heartbeat direction)',
    connection: 'closed',
    run: closes(CLOSED_BY_SERVER, '2'),
  },
  {
    kind: 'engine.io: noop',
    sends: '`6`',
    answer: 'ignored',
    connection: 'stays open',
    run: ignored('6'),
  },
  // Events and acks the document does not describe
  {
    kind: 'undeclared event',
    sends: '`nope` with an ack',
    answer: 'undeclared-event error',
    connection: 'stays open',
    run: undeclared('nope'),
  },
  ...['__proto__', 'constructor', 'hasOwnProperty', 'toString', ''].map<BadInputKind>((event) => ({
    kind: `event named \`${JSON.stringify(event)}\``,
    sends: `\`${JSON.stringify(event)}\` with an ack`,
    answer: 'undeclared-event error',
    connection: 'stays open',
    run: undeclared(event),
  })),
  {
    kind: 'ack requested where none is declared',
    sends: '`note` (no `x-ack`) with an ack id',
    answer: "the handler's return value as the ack, unvalidated (here none: an empty ack)",
    connection: 'stays open',
    run: async ({ raw, handlers }) => {
      assert.deepEqual(await raw.emit('note', ['hello'], { ack: true }), []);
      assert.equal(lastReceived(handlers, 'note'), 'hello');
    },
  },
  {
    kind: 'ack missing where one is declared',
    sends: '`order` without an ack id: valid, then invalid',
    answer: 'valid: handled, nothing sent back; invalid: `exception` event only',
    connection: 'stays open',
    run: async ({ raw, handlers }) => {
      const seen = raw.frames.length;
      const unacknowledged = { id: 41, name: 'no ack', side: 'sell' };
      await raw.emit('order', [unacknowledged]);
      await waitFor('the handler getting the message', () =>
        handlers.received.some((r) => JSON.stringify(r.payload) === JSON.stringify(unacknowledged)),
      );
      const exception = raw.nextEvent('exception');
      await raw.emit('order', [{ id: 'x' }]);
      assert.equal(((await exception)[0] as { event: string }).event, 'order');
      await stillServes(raw);
      // The one ack is stillServes's: an ack to either message above would have arrived before it.
      assert.equal(
        raw.frames.slice(seen).filter((f) => String(f).startsWith('43')).length,
        1,
        'no ack without an ack id',
      );
    },
  },
  {
    kind: 'handler acks a value nested 100,000 deep',
    sends: '`deep` with `100000`: the handler returns `{v:{v:...}}`, valid for `x-ack` (`type: object`)',
    answer: "socket.io's encoder overflows in the ack send: caught, internal error as `exception` + ack",
    connection: 'stays open',
    run: async ({ raw, handlers }) => {
      await answeredWithError(raw, 'deep', () => raw.emit('deep', [100_000], { ack: true }), {
        message: clientMessages.internalError,
      });
      assert.ok(handlers.received.some((r) => r.event === 'deep' && r.payload === 100_000));
    },
  },
  {
    kind: 'catastrophic-backtracking string',
    sends: "`code` (`pattern: '^(a+)+$'`) with `'a' x 50,000 + '!'`",
    answer: 'validation error at `/code`, in linear time (RE2JS)',
    connection: 'stays open',
    run: invalid('code', [{ code: 'a'.repeat(50_000) + '!' }], [v('/code', 'must match pattern "^(a+)+$"')]),
  },
  {
    kind: 'client flood',
    sends: `${n(FLOOD)} messages with acks, without pause: valid and invalid \`order\`s, undeclared events, \`move\`s`,
    answer: 'every message answered as above; the canary keeps getting its acks (its p99 is in the test output)',
    connection: 'stays open',
    run: flood,
  },
];
