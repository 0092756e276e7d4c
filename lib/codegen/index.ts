export { generateTypes, type GenerateTypesOptions } from './types.generator.js';
export { bindableIds } from './document-names.js';
