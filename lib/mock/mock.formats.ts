import type { FakerInstance, MockRandom } from './mock.loader.js';

/**
 * Asynction's Faker-style formats (its documents write `format: first_name`, `format: sentence`): the Python Faker
 * provider names, each mapped to the `@faker-js/faker` method that makes the same kind of value.
 */
const FAKER_FORMATS: Readonly<Record<string, string>> = {
  first_name: 'person.firstName',
  last_name: 'person.lastName',
  name: 'person.fullName',
  user_name: 'internet.username',
  job: 'person.jobTitle',
  company: 'company.name',
  word: 'lorem.word',
  sentence: 'lorem.sentence',
  paragraph: 'lorem.paragraph',
  text: 'lorem.paragraph',
  city: 'location.city',
  country: 'location.country',
  street_address: 'location.streetAddress',
  address: 'location.streetAddress',
  postcode: 'location.zipCode',
  phone_number: 'phone.number',
  color_name: 'color.human',
  currency_code: 'finance.currencyCode',
  iban: 'finance.iban',
  isbn13: 'commerce.isbn',
  user_agent: 'internet.userAgent',
};

/** Without `@faker-js/faker`, a Faker-style format still gets a readable string. */
const WORDS = ['lorem', 'ipsum', 'dolor', 'sit', 'amet', 'consectetur', 'adipiscing', 'elit', 'sed', 'tempor'];

function call(faker: FakerInstance, path: string): string {
  const [module, method] = path.split('.') as [string, string];
  const fn = (faker[module] as Record<string, () => unknown> | undefined)?.[method];
  return String(fn ? fn.call(faker[module]) : '');
}

/**
 * The format generators json-schema-faker gets: each seeds the private faker instance from the generator's own
 * random source first, so a seed gives the same values whatever ran before.
 */
export function fakerFormats(faker: FakerInstance | undefined): Record<string, (random: MockRandom) => string> {
  const formats: Record<string, (random: MockRandom) => string> = {};
  for (const [format, path] of Object.entries(FAKER_FORMATS)) {
    formats[format] = faker
      ? (random) => {
          faker.seed(random.int(0, 2 ** 31 - 1));
          return call(faker, path);
        }
      : (random) => Array.from({ length: random.int(1, 4) }, () => random.pick(WORDS)).join(' ');
  }
  return formats;
}
