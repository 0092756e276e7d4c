import type { Type } from '@nestjs/common';

/**
 * Loads a sample's compiled module. The samples are their own TypeScript program (sample/tsconfig.json): their
 * generated types augment the library's operation map with the samples' ids, which the tests' own handlers must not
 * see, so the tests reach them at run time only (a computed specifier keeps tsc from following the import).
 */
export async function loadSample<T = Record<string, Type<unknown>>>(path: string): Promise<T> {
  const specifier = new URL(`../../sample/${path}`, import.meta.url).href;
  return (await import(specifier)) as T;
}
