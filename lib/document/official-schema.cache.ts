/**
 * The fast path of the official-schema check: "is this document valid?", answered by a validator compiled once and
 * kept on disk as ajv standalone code, so that an application does not compile the official AsyncAPI schema at every
 * start (measured on a 1,000-channel document: compiling costs 150 ms for 2.6 and 550 ms for 3.0; loading the cached
 * code, 15-35 ms). Only a document that fails takes the slow path, which compiles the schema to explain why.
 *
 * The cache lives in `<cwd>/node_modules/.cache/nestjs-asynction` (the usual place for build tools' caches) when
 * `<cwd>/node_modules` exists, or in `ASYNCTION_CACHE_DIR`; `ASYNCTION_CACHE_DIR=` (empty) turns it off. Files are
 * keyed by the versions of `@asyncapi/specs` and ajv, written atomically, and ignored when unreadable.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import type { Ajv as AjvType, Options } from 'ajv';

type Validate = (document: unknown) => boolean;

const require = createRequire(import.meta.url);
/** Bump when the generated code or the options change. */
const FORMAT = 1;
const OPTIONS: Options = {
  strict: false,
  meta: false,
  validateSchema: false,
  logger: false,
  allErrors: false,
  inlineRefs: false,
  code: { source: true, optimize: false },
};

/** Compiled validators of this process, by schema version. */
const validators = new Map<string, Validate>();

/** A validator of `schema` (the official schema of `version`): from memory, from the disk cache, or compiled now. */
export function officialValidator(version: string, schema: object): Validate {
  let validate = validators.get(version);
  if (validate) return validate;
  const file = cacheFile(version);
  validate = (file && load(file)) || compile(schema, file);
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
  const { Ajv } = require('ajv') as { Ajv: new (options: Options) => AjvType };
  const formats = require('ajv-formats') as (ajv: AjvType) => AjvType;
  const ajv = new Ajv(OPTIONS);
  formats(ajv);
  const validate = ajv.compile(schema) as Validate;
  if (file) save(file, ajv, validate);
  return validate;
}

/** Writes the standalone code, its `require`s pinned to this package's own ajv and ajv-formats. */
function save(file: string, ajv: AjvType, validate: Validate): void {
  try {
    const standalone = require('ajv/dist/standalone') as { default: (ajv: AjvType, validate: unknown) => string };
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
