// ESLint for the extension's JavaScript (`./build.sh test` runs it): the recommended rules, and
// no-unsanitized, so "never innerHTML, insertAdjacentHTML or document.write with page data" is
// enforced by a tool, not by review. Type checking is not done here.
import js from '@eslint/js';
import globals from 'globals';
import noUnsanitized from 'eslint-plugin-no-unsanitized';

export default [
  // The content scripts' parts are not scripts on their own (they share one closure): the joined
  // scripts the build makes are linted instead (dist/*/content/*.js).
  { ignores: ['extension/content/**'] },
  js.configs.recommended,
  noUnsanitized.configs.recommended,
  {
    files: ['extension/**/*.js', 'dist/*/content/*.js'],
    languageOptions: {
      ecmaVersion: 'latest',
      sourceType: 'module',
      globals: { ...globals.browser, ...globals.webextensions },
    },
    rules: {
      'no-unused-vars': ['error', { args: 'none', caughtErrors: 'none' }],
    },
  },
  {
    // Content scripts are classic scripts, not modules.
    // channel.js is in both; what one of them leaves unused, the other uses.
    files: ['dist/*/content/*.js'],
    languageOptions: { sourceType: 'script' },
    linterOptions: { reportUnusedDisableDirectives: 'off' },
  },
];
