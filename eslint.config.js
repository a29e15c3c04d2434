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
    // Tests index into arrays they have just checked; `!` there is clearer than a guard.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    files: ['bin/**/*.js', 'eslint.config.js'],
    languageOptions: { globals: { console: 'readonly', process: 'readonly', URL: 'readonly' } },
  },
);
