/**
 * The server variants the harness knows, in default order. A variant is a
 * module bench/servers/<name>.ts following the contract in ./contract.ts
 * (prose: bench/servers/README.md). Any such module can be run with
 * `--variants <name>`; this list only sets the default set, the order and
 * the ratio baselines. Entries whose compiled module does not exist yet are
 * skipped by default, so `nestjs-asynction` joins the default runs as soon as
 * bench/servers/nestjs-asynction.ts exists.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { UsageError } from './support/cli.js';

export interface VariantEntry {
  name: string;
  /** Ratios of every other variant are reported against baselines. */
  baseline?: boolean;
}

export const VARIANTS: VariantEntry[] = [
  { name: 'ceiling', baseline: true },
  { name: 'nest-handwritten', baseline: true },
  { name: 'nestjs-asynction' },
];

export const variantModulePath = (name: string) => fileURLToPath(new URL(`./servers/${name}.js`, import.meta.url));

export const variantExists = (name: string) => /^[\w.-]+$/.test(name) && existsSync(variantModulePath(name));

/** Parses `--variants a,b`; default: every registered variant that is built. */
export function resolveVariants(flag: string | undefined): string[] {
  const names = flag
    ? flag
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : VARIANTS.map((v) => v.name).filter(variantExists);
  const missing = names.filter((n) => !variantExists(n));
  if (missing.length) {
    throw new UsageError(
      `unknown variant(s) ${missing.join(', ')}: no ${missing.map((n) => `build/bench/servers/${n}.js`).join(', ')} ` +
        `(write bench/servers/<name>.ts and build)`,
    );
  }
  return names;
}

export const BASELINES = VARIANTS.filter((v) => v.baseline).map((v) => v.name);
