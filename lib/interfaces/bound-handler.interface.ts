/** What the application calls for one id. */
export type BoundInvoke = (first: unknown, socket: unknown, event?: string) => unknown;

/** A decorated provider method, bound to the id the document gives it. */
export interface BoundHandler {
  id: string;
  /** `ClassName.methodName`, as messages name it. */
  label: string;
  invoke: BoundInvoke;
}

/** Finds the bound handler of a document id (`AsynctionRegistry`); what gateways and security need of it. */
export interface HandlerLookup {
  get(id: string): BoundHandler | undefined;
}
