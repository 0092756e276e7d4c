import specs from '@asyncapi/specs';

/** The official AsyncAPI JSON Schemas (`@asyncapi/specs`), by version. */
export const OFFICIAL_SCHEMAS = specs.schemas as unknown as Readonly<Record<string, Record<string, unknown>>>;

/** The AsyncAPI versions with an official schema; a patch version (2.6.1) is checked against its minor's (2.6.0). */
export const SUPPORTED_ASYNCAPI_VERSIONS: readonly string[] = Object.freeze(
  Object.keys(OFFICIAL_SCHEMAS)
    .filter((v) => /^\d+\.\d+\.\d+$/.test(v))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true })),
);

/** The supported versions as messages name them: `2.0.0 to 2.6.0, 3.0.0 or 3.1.0`. */
export const SUPPORTED_ASYNCAPI_VERSIONS_TEXT: string = (() => {
  const byMajor = new Map<string, string[]>();
  for (const v of SUPPORTED_ASYNCAPI_VERSIONS) {
    const major = v.split('.')[0]!;
    byMajor.set(major, [...(byMajor.get(major) ?? []), v]);
  }
  return [...byMajor.values()]
    .map((minors) => (minors.length > 2 ? `${minors[0]} to ${minors.at(-1)}` : minors.join(' or ')))
    .join(', ');
})();

/** The version whose official schema checks a document declaring `declared` (`2.6.1` -> `2.6.0`), if supported. */
export function schemaVersionOf(declared: unknown): string | undefined {
  if (typeof declared !== 'string') return undefined;
  const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(declared);
  if (!m) return undefined;
  const version = `${Number(m[1])}.${Number(m[2])}.0`;
  return SUPPORTED_ASYNCAPI_VERSIONS.includes(version) ? version : undefined;
}
