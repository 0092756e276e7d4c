import type { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';

/**
 * ajv-formats' `addFormats`. The package is CommonJS: from ESM its default import is `module.exports`, which some
 * loaders wrap once more under `.default`.
 */
export const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
  ajv: Ajv,
) => Ajv;
