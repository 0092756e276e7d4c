/** Where a validated emit to a namespace goes: a socket.io namespace, or a publisher to other processes. */
export interface EmitTarget {
  emit(event: string, ...args: unknown[]): unknown;
  to(rooms: string | string[]): { emit(event: string, ...args: unknown[]): unknown };
}

/** The emitter's way out when the application serves no namespace itself (an emit-only process over Redis). */
export interface EmitTransport {
  of(namespace: string): EmitTarget;
}
