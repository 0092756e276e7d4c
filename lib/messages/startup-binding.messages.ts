/** Startup problems of how the code binds to the document: its `@AsyncOperation` handlers, each `{ message, fix }`. */

export const bindingStartupMessages = {
  // Binding code to the document
  missingHandler: (id: string, what: string) => ({
    message: `${what} "${id}" has no handler`,
    fix: `decorate a provider method with @AsyncOperation('${id}') and list its class in a module's providers`,
  }),
  duplicateHandler: (id: string, methods: readonly string[]) => ({
    message: `operation id "${id}" is handled by ${methods.length} methods (${methods.join(', ')})`,
    fix: `keep @AsyncOperation('${id}') on exactly one method`,
  }),
  unknownHandler: (id: string, method: string) => ({
    message:
      `${method} is decorated with @AsyncOperation('${id}'), but the document declares no operation, error ` +
      `handler or connect/disconnect handler with that id`,
    fix: 'correct the id, or declare it in the document (operationId, x-handler, x-handlers or errorHandler)',
  }),
  outboundHandler: (id: string, method: string) => ({
    message:
      `${method} is decorated with @AsyncOperation('${id}'), but "${id}" is an operation the application ` +
      `sends (AsyncAPI 2 "subscribe", AsyncAPI 3 "action: send"), which has no handler`,
    fix:
      "if an AsyncAPI 2 document describes operations from the application's point of view (subscribe = the " +
      "application receives), set `perspective: 'application'` in AsynctionModule.forRoot options; otherwise " +
      'remove the decorator and send the message with AsynctionEmitter',
  }),
  // asynction validate: a valid document that forRoot will probably read otherwise than its author meant
  perspectiveLikelyApplication: (ids: readonly string[]) => ({
    message:
      `the document names operationIds only on operations the application sends (AsyncAPI 2 "subscribe": ` +
      `${ids.map((id) => `"${id}"`).join(', ')}), so they name no handler; if the code decorates them with ` +
      '@AsyncOperation, forRoot refuses to start',
    fix:
      "if the document is written from the application's point of view (subscribe = the application receives), " +
      "validate with --perspective application and set perspective: 'application' in forRoot; if not, pass " +
      '--perspective client to say so',
  }),
  requestScopedHandler: (id: string, method: string) => ({
    message:
      `${method} handles "${id}" but its provider is request-scoped or transient-dependent; socket.io events ` +
      `have no request to scope to`,
    fix: 'make the handler provider a singleton (the default scope), and inject request-like state through the socket',
  }),
} as const;
