import { logMessages } from '../messages/index.js';
import { AsynctionError } from '../errors/asynction.error.js';

/** A seeded source of numbers, as json-schema-faker hands one to a format generator. */
export interface MockRandom {
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
}

/** What the mock uses of `json-schema-faker` (kept structural: the package is optional). */
export type GenerateSync = (schema: unknown, options: Record<string, unknown>) => unknown;

/** What the mock uses of a `@faker-js/faker` instance. */
export interface FakerInstance {
  seed(seed: number): unknown;
  [module: string]: unknown;
}

export interface MockPackages {
  generateSync: GenerateSync;
  /** Undefined when `@faker-js/faker` is not installed: Faker-style formats then get plain words. */
  faker?: FakerInstance;
}

/**
 * Loads the mock's optional packages on first use, so applications without a mock never need them:
 * `json-schema-faker` always, `@faker-js/faker` when installed (a private instance, so seeding it never touches the
 * application's own `faker`).
 * @param load how json-schema-faker is imported (a test passes one that fails)
 */
export async function loadMockPackages(
  load: () => Promise<{ generateSync: unknown }> = () => import('json-schema-faker'),
): Promise<MockPackages> {
  let generateSync: GenerateSync;
  try {
    generateSync = (await load()).generateSync as GenerateSync;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new AsynctionError(logMessages.mockPackageMissing('json-schema-faker', reason));
  }
  try {
    const { Faker, en, base } = await import('@faker-js/faker');
    return { generateSync, faker: new Faker({ locale: [en, base] }) as unknown as FakerInstance };
  } catch {
    return { generateSync };
  }
}
