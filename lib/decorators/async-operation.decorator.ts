import { ASYNC_OPERATION_METADATA } from '../asynction.constants.js';
import type { AsyncOperationId, AsyncOperationMethod } from '../interfaces/typed-document.interface.js';

/** What only a composition can be: `applyDecorators` passes decorators on as `MethodDecorator`s. */
declare const composed: unique symbol;
interface Composition {
  readonly [composed]: true;
}

/**
 * The decorator `@AsyncOperation(id)` returns. Applied to a method, the method's own type (inferred from its
 * descriptor: `TypedPropertyDescriptor` works with `experimentalDecorators`) must be the id's method type, parameters
 * compared contravariantly. The first signature only makes it a `MethodDecorator` for `applyDecorators`; a
 * decorator call never matches it (its `this` is no `Composition`), so it never silences the check, and it comes
 * first because tsc explains a failed call by its last signature: the check.
 */
export interface AsyncOperationDecorator<Id extends string> {
  (this: Composition, target: object, key: string | symbol, descriptor: TypedPropertyDescriptor<any>): void;
  <T extends AsyncOperationMethod<Id>>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<T>,
  ): void;
}

/**
 * Marks a provider method as the handler of a document id: an operationId (or Asynction `x-handler`) of a message
 * the application receives, a namespace's error handler, a connect/disconnect handler, or a security verifier.
 *
 * Message handlers receive the validated payload and the socket.io `Socket`; their return value (or resolved
 * promise, or last value of an observable) is the acknowledgement. The decorator may be stacked to bind one method
 * to several ids.
 *
 * With the file `asynction types` generates in the program, the id must be one the document declares and the method
 * must take its payload and return its acknowledgement (`AsynctionOperations`); without it, any id and method pass.
 *
 * @param operationId the id as written in the AsyncAPI document
 */
export const AsyncOperation = <Id extends AsyncOperationId>(operationId: Id): AsyncOperationDecorator<Id> =>
  function (_target: object, _key: string | symbol, descriptor: TypedPropertyDescriptor<unknown>): void {
    Reflect.defineMetadata(
      ASYNC_OPERATION_METADATA,
      [
        ...((Reflect.getMetadata(ASYNC_OPERATION_METADATA, descriptor.value as object) as string[] | undefined) ?? []),
        operationId,
      ],
      descriptor.value as object,
    );
  } as AsyncOperationDecorator<Id>;
