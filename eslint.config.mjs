import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

/** botbuilder*, botframework-*, @microsoft/teams-ai and restify, with any subpath. */
const BOT_SDK_IMPORT = '^(botbuilder|botframework-[^/]+|@microsoft/teams-ai|restify)(-[^/]+)?(/.*)?$';
/** The same for esquery selectors (dynamic and type imports), whose regexes cannot hold a slash. */
const BOT_SDK_SELECTOR = '^(botbuilder|botframework-|@microsoft.teams-ai|restify)';
const BOT_SDK_MESSAGE =
  'Only src/teams/ talks to the bot SDK: use the ports in src/ports/ (e.g. Messenger) and plain types.';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'dist/',
      '.data/',
      'coverage/',
      'bin/',
      'scripts/*.js',
      '*.config.js',
      'appPackage/build/',
      'build/',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // The bot SDK stays at the edge: only src/teams/ may import it (docs/architecture.md), so a move
  // to another SDK touches that folder only. Static, type-only and dynamic imports alike.
  {
    files: ['src/**/*.ts'],
    ignores: ['src/teams/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ regex: BOT_SDK_IMPORT, message: BOT_SDK_MESSAGE }] },
      ],
      'no-restricted-syntax': [
        'error',
        { selector: `ImportExpression[source.value=/${BOT_SDK_SELECTOR}/]`, message: BOT_SDK_MESSAGE },
        { selector: `TSImportType[argument.literal.value=/${BOT_SDK_SELECTOR}/]`, message: BOT_SDK_MESSAGE },
      ],
    },
  },
  // The rest of src/ does not reach into the Teams edge either; only the wiring (src/app.ts) joins them.
  {
    files: ['src/**/*.ts'],
    ignores: ['src/teams/**', 'src/app.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ regex: '(^|/)teams/', message: 'src/teams/ is the edge: depend on ports, not on it.' }] },
      ],
    },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
