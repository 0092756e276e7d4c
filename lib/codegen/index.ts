export { generateTypes, type GenerateTypesOptions } from './types.generator.js';
