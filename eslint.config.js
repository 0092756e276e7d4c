// ESLint flat config. The linters live in tools/lint with their own install: typescript-eslint parses with the
// TypeScript JS API, which TypeScript 7 (the project's compiler) no longer has, so it gets a TypeScript 6 of its own.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const tools = createRequire(new URL('./tools/lint/package.json', import.meta.url));
const load = async (name) => (await import(pathToFileURL(tools.resolve(name)).href)).default;
const js = await load('@eslint/js');
const tseslint = await load('typescript-eslint');

export default tseslint.config(
  { ignores: ['**/node_modules/**', 'build/**', 'dist/**', '.bench/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      'max-len': ['error', { code: 120, ignoreUrls: true, ignoreStrings: true, ignoreTemplateLiterals: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/no-explicit-any': 'off',
      // Nest's reflection (handlers, prototypes, class references) is typed with Function.
      '@typescript-eslint/no-unsafe-function-type': 'off',
      // The dispatcher's shared listeners are plain functions whose own `this` is the socket.
      '@typescript-eslint/no-this-alias': ['error', { allowedNames: ['dispatcher'] }],
      // TypeScript checks names; the few .js/.mjs files run on Node.
      'no-undef': 'off',
      'no-empty': ['error', { allowEmptyCatch: true }],
    },
  },
  {
    // The package declares no socket.io: its types come from the copy @nestjs/platform-socket.io pins.
    files: ['lib/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        ...['socket.io', 'socket.io-adapter'].map((name) => ({
          name,
          message: 'import socket.io types from lib/interfaces/socket-io.interface.ts (the copy Nest pins)',
        })),
      ],
    },
  },
);
