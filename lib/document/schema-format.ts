/**
 * Payload schema formats. AsyncAPI Schema objects (any version) and JSON Schema draft-07 are validated with ajv;
 * any other format (Avro, Protobuf, RAML, OpenAPI...) cannot be, and is refused at startup rather than served
 * unvalidated.
 */

/** The `schemaFormat` values whose schemas are served, as messages name them. */
export const SERVED_SCHEMA_FORMATS: readonly string[] = [
  'application/vnd.aai.asyncapi[+json|+yaml];version=<AsyncAPI version>',
  'application/schema[+json|+yaml];version=draft-07',
];

const ASYNCAPI_FORMAT = /^application\/vnd\.aai\.asyncapi(\+json|\+yaml)?;\s*version=\d+\.\d+\.\d+$/;
const JSON_SCHEMA_FORMAT = /^application\/schema(\+json|\+yaml)?;\s*version=draft-07$/;

/** True when a payload written in `format` is a JSON Schema ajv can compile. */
export function isServedSchemaFormat(format: string): boolean {
  const normalized = format.trim().toLowerCase();
  return ASYNCAPI_FORMAT.test(normalized) || JSON_SCHEMA_FORMAT.test(normalized);
}
