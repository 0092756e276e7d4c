import { ASYNC_OPERATION_METADATA } from '../asynction.constants.js';
import type { AsyncOperationId, AsyncOperationMethod } from '../interfaces/typed-document.interface.js';

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
export const AsyncOperation =
  <Id extends AsyncOperationId>(operationId: Id) =>
  // The method's own type is inferred from the descriptor (TypedPropertyDescriptor works with experimentalDecorators)
  // and checked against the id's method type, parameters contravariantly.
  <T extends AsyncOperationMethod<Id>>(
    _target: object,
    _key: string | symbol,
    descriptor: TypedPropertyDescriptor<T>,
  ) =>
    Reflect.defineMetadata(
      ASYNC_OPERATION_METADATA,
      [
        ...((Reflect.getMetadata(ASYNC_OPERATION_METADATA, descriptor.value as object) as string[] | undefined) ?? []),
        operationId,
      ],
      descriptor.value as object,
    );
