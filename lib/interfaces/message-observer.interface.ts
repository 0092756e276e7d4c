/**
 * What the gateways and the emitter report about each message and connection attempt, for telemetry: the gateways
 * know only this interface, `lib/telemetry/` implements it over OpenTelemetry.
 */
export interface MessageObserver {
  /** An inbound message arrived (`event` is `(undeclared)` for an event the document does not declare). */
  received(namespace: string, event: string): ObservedOperation;
  /** The application sends a message (`AsynctionEmitter`). */
  sent(namespace: string, event: string): ObservedOperation;
  /** A client asks to join a namespace. */
  connecting(namespace: string): ObservedOperation;
}

/** One observed operation; `end` is called once, with the error that refused or failed it. */
export interface ObservedOperation {
  /** Runs the handler inside the operation (its span is the active one; its duration is measured). */
  handle?<T>(invoke: () => T): T;
  end(error?: unknown): void;
}
