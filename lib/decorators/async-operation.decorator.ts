import { ASYNC_OPERATION_METADATA } from '../asynction.constants.js';

/**
 * Marks a provider method as the handler of a document id: an operationId (or Asynction `x-handler`) of a message
 * the application receives, a namespace's error handler, or a connect/disconnect handler.
 *
 * Message handlers receive the validated payload and the socket.io `Socket`; their return value (or resolved
 * promise, or last value of an observable) is the acknowledgement. The decorator may be stacked to bind one method
 * to several ids.
 *
 * @param operationId the id as written in the AsyncAPI document
 */
export const AsyncOperation =
  (operationId: string): MethodDecorator =>
  (_target, _key, descriptor) =>
    Reflect.defineMetadata(
      ASYNC_OPERATION_METADATA,
      [
        ...((Reflect.getMetadata(ASYNC_OPERATION_METADATA, descriptor.value as object) as string[] | undefined) ?? []),
        operationId,
      ],
      descriptor.value as object,
    );
