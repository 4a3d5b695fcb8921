// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/**
 * ESLint's and typescript-eslint's recommended rules, without the type-checked set: mistakes, not
 * style; formatting stays as written. `npm test` runs it (`npm run lint`).
 */
export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'bench/data/', 'test/artifacts/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      // `any` marks the places that knowingly take an untyped value (GraphQL results in tests,
      // resolver maps, raw driver rows); tsc's strict mode checks everything else.
      '@typescript-eslint/no-explicit-any': 'off',
      // An unused `_name` says "deliberately ignored"; `{ omitted, ...rest }` leaves a field out.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    // type-graphql's metadata storage names resolver and object-type classes as `Function`.
    files: ['server/schema.ts'],
    rules: { '@typescript-eslint/no-unsafe-function-type': 'off' },
  },
);
