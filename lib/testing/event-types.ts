/**
 * Types of the test client's events, from socket.io event maps such as the `ClientToServerEvents` and
 * `ServerToClientEvents` that `asynction types` generates; without them every event takes and gives `any`.
 */

/** A socket.io event map: each event's listener. */
export type EventsMap = { [event: string]: any };

/** What an event map without types allows: any event, any arguments. */
export type AnyEvents = { [event: string]: (...args: any[]) => void };

/** The event names of a map. */
export type EventName<M extends EventsMap> = keyof M & string;

/** The socket.io arguments of an event. */
export type EventArgs<M extends EventsMap, E extends EventName<M>> = M[E] extends (...args: infer A) => any ? A : any[];

/** The value a test gets for a list of arguments: the one argument, or all of them (a tuple schema). */
export type ValueOf<A extends unknown[]> = number extends A['length'] ? A[0] : A['length'] extends 0 | 1 ? A[0] : A;

type Callback = (...args: any[]) => void;

/** The arguments before the acknowledgement callback (all of them when the event declares none). */
export type ArgsBeforeAck<A extends unknown[]> = A extends [...infer Head, infer Last]
  ? Last extends Callback
    ? Head
    : A
  : A;

/** What `emitWithAck` resolves with: the acknowledgement callback's argument(s). */
export type AckOf<A extends unknown[]> = A extends [...unknown[], infer Last]
  ? Last extends (...ack: infer Ack) => void
    ? ValueOf<Ack>
    : unknown
  : unknown;

/** The payload `waitFor` resolves with: the arguments without a trailing acknowledgement callback. */
export type PayloadOf<M extends EventsMap, E extends EventName<M>> = ValueOf<ArgsBeforeAck<EventArgs<M, E>>>;
