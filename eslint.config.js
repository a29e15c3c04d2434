// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'collections/**', 'environments/**', 'bench/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.name='eval']", message: 'eval is never allowed.' },
        {
          selector: "NewExpression[callee.name='Function']",
          message: 'new Function is never allowed.',
        },
      ],
    },
  },
  {
    // The sandbox code may touch only the pm API and the sandbox's own globals.
    files: ['src/postman/**/*.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        { name: 'require', message: 'The Postman sandbox bundle must not call require.' },
        { name: 'globalThis', message: 'globalThis is a ReferenceError in Newman 6 sandbox.' },
        { name: 'Buffer', message: 'Not in the sandbox.' },
        { name: 'process', message: 'Not in the sandbox.' },
      ],
    },
  },
  {
    // The limits that keep the rooms small (split by concern, never by line count): no function
    // over 80 lines, no module over 300, except the declarative tables below.
    files: ['src/**/*.ts'],
    rules: {
      'max-lines-per-function': [
        'error',
        { max: 80, skipBlankLines: true, skipComments: true, IIFEs: true },
      ],
      'max-lines': ['error', { max: 300, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    // Declarative tables: the collection catalogue and the variable specifications.
    files: ['src/builder/catalogue.ts', 'src/shared/variable-specs.ts'],
    rules: { 'max-lines': 'off' },
  },
  {
    // Tests index into arrays they have just checked; `!` there is clearer than a guard.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['bin/**/*.js', 'eslint.config.js'],
    languageOptions: { globals: { console: 'readonly', process: 'readonly', URL: 'readonly' } },
  },
);
