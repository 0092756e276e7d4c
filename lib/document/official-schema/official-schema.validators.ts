/**
 * The compiled official schemas. "Is this document valid?" is answered by a validator kept on disk as ajv standalone
 * code, so that an application does not compile the official AsyncAPI schema at every start (measured on a
 * 1,000-channel document: compiling costs 150 ms for 2.6 and 550 ms for 3.0; loading the cached code, 15-35 ms).
 * Only a document that fails compiles the explaining validator, which reports every error with its schema.
 *
 * The cache lives in `<cwd>/node_modules/.cache/nestjs-asynction` (the usual place for build tools' caches) when
 * `<cwd>/node_modules` exists, or in `ASYNCTION_CACHE_DIR`; `ASYNCTION_CACHE_DIR=` (empty) turns it off. Files are
 * keyed by the versions of `@asyncapi/specs` and ajv, written atomically, and ignored when unreadable.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { Ajv, type Options, type ValidateFunction } from 'ajv';
import { addFormats } from '../../utils/ajv-formats.js';
import { escapeToken } from '../json-pointer.js';
import { OFFICIAL_SCHEMAS } from '../asyncapi-versions.js';

type Json = Record<string, unknown>;
type Validate = (document: unknown) => boolean;

const require = createRequire(import.meta.url);
/** Bump when the generated code or the options change. */
const FORMAT = 1;

/**
 * Every official schema embeds its own copy of the draft-07 meta-schema under the same `$id`, so versions cannot
 * share an ajv instance, and `meta: false` keeps ajv from adding a third one. Unknown keywords and formats are
 * ignored, never thrown. A schema is compiled to validate a document or two: compiling faster matters more than the
 * last percent of validation speed (measured: compile -30..45%, validation unchanged).
 */
const OPTIONS: Options = {
  strict: false,
  meta: false,
  validateSchema: false,
  logger: false,
  inlineRefs: false,
  code: { optimize: false },
};

/** Compiled validators of this process, by schema version. */
const validators = new Map<string, Validate>();

/** A yes/no validator of the official schema of `version`: from memory, from the disk cache, or compiled now. */
export function officialValidator(version: string): Validate {
  let validate = validators.get(version);
  if (validate) return validate;
  const file = cacheFile(version);
  validate = (file && load(file)) || compile(OFFICIAL_SCHEMAS[version]!, file);
  validators.set(version, validate);
  return validate;
}

function cacheFile(version: string): string | undefined {
  const configured = process.env['ASYNCTION_CACHE_DIR'];
  if (configured === '') return undefined;
  const dir = configured ? resolve(configured) : defaultDir();
  if (!dir) return undefined;
  const key = createHash('sha256')
    .update(
      [FORMAT, packageVersion('@asyncapi/specs'), packageVersion('ajv'), packageVersion('ajv-formats'), version].join(
        '|',
      ),
    )
    .digest('hex')
    .slice(0, 16);
  return join(dir, `asyncapi-${version}-${key}.cjs`);
}

function defaultDir(): string | undefined {
  const modules = resolve(process.cwd(), 'node_modules');
  return existsSync(modules) ? join(modules, '.cache', 'nestjs-asynction') : undefined;
}

function packageVersion(name: string): string {
  return (require(`${name}/package.json`) as { version: string }).version;
}

function load(file: string): Validate | undefined {
  try {
    return require(file) as Validate;
  } catch {
    return undefined; // absent or unreadable: compiled and written again
  }
}

function compile(schema: object, file: string | undefined): Validate {
  const ajv = new Ajv({ ...OPTIONS, allErrors: false, code: { ...OPTIONS.code, source: true } });
  addFormats(ajv);
  const validate = ajv.compile(schema) as Validate;
  if (file) save(file, ajv, validate);
  return validate;
}

/** Writes the standalone code, its `require`s pinned to this package's own ajv and ajv-formats. */
function save(file: string, ajv: Ajv, validate: Validate): void {
  try {
    const standalone = require('ajv/dist/standalone') as { default: (ajv: Ajv, validate: unknown) => string };
    const code = standalone
      .default(ajv, validate)
      .replace(
        /require\("((?:ajv|ajv-formats)\/[^"]+)"\)/g,
        (_, id: string) => `require(${JSON.stringify(require.resolve(id))})`,
      );
    mkdirSync(join(file, '..'), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, code);
    renameSync(temporary, file);
  } catch {
    // A read-only or missing cache folder only costs the next start a compilation.
  }
}

/** The validator that explains a failure: every error, each with its schema and data. */
export interface ExplainingValidator {
  ajv: Ajv;
  validate: ValidateFunction;
  root: Json;
  /** Schema object -> `resourceUri#pointer`, built the first time a document fails. */
  locations?: Map<object, string>;
}

const explaining = new Map<string, ExplainingValidator>();

/** The explaining validator of `version`, compiled on first use: only a document that fails needs it. */
export function explainingValidator(version: string): ExplainingValidator {
  let checker = explaining.get(version);
  if (!checker) {
    // `verbose`: errors carry `parentSchema` and `data`, needed to explain oneOf/anyOf branch by branch.
    const ajv = new Ajv({ ...OPTIONS, allErrors: true, verbose: true });
    addFormats(ajv);
    const root = OFFICIAL_SCHEMAS[version] as Json;
    checker = { ajv, validate: ajv.compile(root), root };
    explaining.set(version, checker);
  }
  return checker;
}

/** Where each schema object of the official schema lives, as an ajv-resolvable `uri#/json/pointer`. */
export function locationsOf(checker: ExplainingValidator): Map<object, string> {
  if (checker.locations) return checker.locations;
  const map = new Map<object, string>();
  const walk = (node: unknown, base: string, pointer: string): void => {
    if (node === null || typeof node !== 'object' || map.has(node)) return;
    if (!Array.isArray(node) && typeof (node as Json)['$id'] === 'string') {
      base = new URL((node as Json)['$id'] as string, base || undefined).href.replace(/#$/, '');
      pointer = '';
    }
    map.set(node, `${base}#${pointer}`);
    const entries: [string, unknown][] = Array.isArray(node)
      ? node.map((v, i) => [String(i), v])
      : Object.entries(node);
    for (const [key, child] of entries) {
      walk(child, base, `${pointer}/${encodeURIComponent(escapeToken(key))}`);
    }
  };
  walk(checker.root, '', '');
  checker.locations = map;
  return map;
}
