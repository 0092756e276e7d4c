export { checkOfficialSchema } from './official-schema.check.js';
