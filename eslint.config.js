// ESLint for the extension's JavaScript (`./build.sh test` runs it): the recommended rules, and
// no-unsanitized, so "never innerHTML, insertAdjacentHTML or document.write with page data" is
// enforced by a tool, not by review. Type checking is not done here.
import js from '@eslint/js';
import globals from 'globals';
import noUnsanitized from 'eslint-plugin-no-unsanitized';

export default [
  { ignores: ['extension/core/**'] },
  js.configs.recommended,
  noUnsanitized.configs.recommended,
  {
    files: ['extension/**/*.js'],
    languageOptions: {
      ecmaVersion: 2024,
      sourceType: 'module',
      globals: { ...globals.browser, ...globals.webextensions },
    },
    rules: {
      'no-unused-vars': ['error', { args: 'none', caughtErrors: 'none' }],
    },
  },
  {
    // Content scripts are classic scripts, not modules.
    files: ['extension/content/*.js'],
    languageOptions: { sourceType: 'script' },
  },
];
