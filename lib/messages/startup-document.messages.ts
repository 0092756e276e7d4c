/** Startup problems of reading the document: loading it, its `$ref`s, its schemas, each `{ message, fix }`. */

export const documentStartupMessages = {
  // Loading the document
  documentNotFound: (tried: readonly string[]) => ({
    message: `AsyncAPI document not found (tried ${tried.map((t) => `"${t}"`).join(', ')})`,
    fix:
      'pass the path of an existing .yaml, .yml or .json file to AsynctionModule.forRoot (relative paths start at ' +
      'the working directory)',
    unreadable: true as const,
  }),
  documentUnreadable: (reason: string) => ({
    message: `the document cannot be parsed: ${reason}`,
    fix: 'correct the YAML/JSON syntax at the position given',
    unreadable: true as const,
  }),
  documentNotObject: () => ({
    message: 'the document is not an object',
    fix: 'an AsyncAPI document is a mapping with at least "asyncapi", "info" and "channels"',
    unreadable: true as const,
  }),
  versionMissing: (latest: string, supported: string) => ({
    message: 'the document has no "asyncapi" field, so its AsyncAPI version is unknown',
    fix: `add "asyncapi: ${latest}" (or another supported version: ${supported})`,
  }),
  unsupportedVersion: (version: unknown, supported: string) => ({
    message: `"asyncapi: ${String(version)}" is not a supported AsyncAPI version`,
    fix: `declare one of ${supported}`,
  }),
  documentTooDeep: (limit: number) => ({
    message:
      `the document nests deeper than ${limit} levels here (objects and arrays, counted from its root with $refs` +
      ' followed), deeper than nestjs-asynction reads',
    fix:
      `restructure it to nest at most ${limit} levels (a recursive schema is fine: a $ref back to an enclosing` +
      ' schema adds no depth)',

    unreadable: true as const,
  }),
  documentTooLarge: (limit: number) => ({
    message:
      `this part of the document holds more than ${limit.toLocaleString('en')} values once its $refs are followed` +
      ' (each reference counts as a copy of what it references), more than nestjs-asynction reads',
    fix: 'check for references that multiply: schemas that each reference another several times, level after level',

    unreadable: true as const,
  }),
  documentReadFailed: (reason: string) => ({
    message: `the document could not be read: ${reason}`,
    fix: 'this is a defect of nestjs-asynction, not of the document: please report it with the document attached',
    unreadable: true as const,
  }),
  refRemote: (ref: string) => ({
    message: `"$ref: ${ref}" points to a remote document, which is not fetched at startup`,
    fix: 'download the referenced document next to this one and reference it by relative path',
  }),
  refUnresolved: (ref: string, reason: string) => ({
    message: `"$ref: ${ref}" cannot be resolved: ${reason}`,
    fix:
      'point the $ref at an existing file and JSON pointer (e.g. "#/components/messages/Name" or ' +
      '"./common.yaml#/Name")',
  }),
  schemaInvalid: (reason: string) => ({
    message: `the schema cannot be compiled: ${reason}`,
    fix: 'correct the JSON Schema at this location',
  }),
  patternNotLinear: (reason: string) => ({
    message:
      `a "pattern" (or "patternProperties" name) of this schema cannot run on the linear-time regular ` +
      `expression engine (RE2 syntax) that validates client strings: ${reason}`,
    fix:
      'rewrite it without backreferences (\\1), lookaround ((?=, (?!, (?<=, (?<!) or repeat counts over 1000, or ' +
      'check that rule in the handler',
  }),
} as const;
