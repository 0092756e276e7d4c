/** Startup problems of the module options (forRoot, forRootAsync, the Redis scale-out), each `{ message, fix }`. */

export const optionsStartupMessages = {
  // AsynctionModule.forRoot (asynction.options.ts, asynction.providers.ts, security/limits.resolver.ts)
  unknownOption: (name: string, suggestion: string | undefined, known: readonly string[]) => ({
    message:
      `"${name}" is not an option of AsynctionModule.forRoot` +
      (suggestion ? `; the closest option is "${suggestion}"` : ''),
    fix: suggestion
      ? `rename "${name}" to "${suggestion}"`
      : `remove "${name}" (or upgrade nestjs-asynction, if it is an option of a later version); ` +
        `the options are: ${known.join(', ')}`,
  }),
  limitOutOfRange: (name: string, value: unknown, range: string) => ({
    message: `"limits.${name}" is ${JSON.stringify(value) ?? String(value)}, which is not ${range}`,
    fix: `set "limits.${name}" to ${range}, or leave it out for its default`,
  }),
  noDocuments: () => ({
    message: 'AsynctionModule.forRoot was given an empty list of documents',
    fix: 'pass at least one AsyncAPI document path (or parsed document) in "spec"',
  }),
  // AsynctionModule.forRootAsync (asynction.providers.ts)
  asyncSpecMissing: () => ({
    message: 'AsynctionModule.forRootAsync was given no "spec"',
    fix:
      "pass the document in forRootAsync's own argument ({ spec, imports, inject, useFactory }): the generated " +
      'gateways are classes Nest must know before the application initialises, so the document cannot come from ' +
      'the factory',
  }),
  asyncStaticOption: (name: string) => ({
    message: `the useFactory of AsynctionModule.forRootAsync returned "${name}", which decides the generated gateways`,
    fix: `move "${name}" into forRootAsync's own argument, beside "spec" and "useFactory"`,
  }),
  asyncFactoryFailed: (reason: string) => ({
    message: `the useFactory of AsynctionModule.forRootAsync failed: ${reason}`,
    fix: 'make useFactory return (or resolve with) an object of run-time options, e.g. { redis: { url }, ackTimeout }',
  }),
  // Redis scale-out (lib/redis/)
  emitOnlyWithoutRedis: () => ({
    message: '"emitOnly: true" has no "redis" option, so the emitter would have no client to reach',
    fix: 'add "redis: { url }" (the Redis the serving instances use), or remove "emitOnly"',
  }),
  emitOnlyModeUnsupported: (mode: string) => ({
    message:
      `"emitOnly: true" cannot publish with "redis.mode: '${mode}'": @socket.io/redis-emitter only speaks classic ` +
      `pub/sub, which the ${mode} adapter of the serving instances does not read`,
    fix:
      'run the emit-only process as a serving instance on the same mode (its AsynctionEmitter reaches every client), ' +
      'or run every instance and the emit-only process on "redis.mode: \'pubsub\'"',
  }),
} as const;
