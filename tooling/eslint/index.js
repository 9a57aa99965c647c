// One flat config for the workspace: TypeScript, Vue, and the import boundaries of STYLE.md.
import js from '@eslint/js'
import vue from 'eslint-plugin-vue'
import globals from 'globals'
import tseslint from 'typescript-eslint'

const ignores = {
  ignores: ['**/dist/**', '**/node_modules/**', '**/.turbo/**', '**/.data/**', '**/coverage/**'],
}

/** Rules shared by every TypeScript package. */
const base = [
  ignores,
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
]

/** @leap/domain is pure: no I/O, no clock, no process, nothing from the apps. */
export const domain = [
  ...base,
  { languageOptions: { globals: {} } },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/**/*.test.ts', 'src/**/*.bench.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*', 'fs', 'path', 'os', 'child_process', 'http', 'https', 'net'], message: '@leap/domain is pure: no I/O.' },
            { group: ['@leap/server*', '@leap/admin*'], message: '@leap/domain must not depend on the apps.' },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: '@leap/domain is pure: take configuration as parameters.' },
        { name: 'fetch', message: '@leap/domain is pure: no I/O.' },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Take `now` as a parameter.' },
        { object: 'Math', property: 'random', message: 'Take randomness as a parameter.' },
      ],
    },
  },
]

/** The server: node globals; only db/ and repositories talk SQL. */
export const server = [
  ...base,
  { languageOptions: { globals: { ...globals.node } } },
  // Migrations are frozen in time: they see the database as Kysely<any>, never the app's types.
  { files: ['src/db/migrations/**', 'src/db/migrate.ts'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/db/**', 'src/**/*.repository.ts', 'src/**/*.test.ts', 'src/**/*.table.ts', 'src/cli/**', 'src/test/**', 'src/**/*.seed.ts', 'src/seed/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['pg', '@electric-sql/pglite', 'kysely-pglite-dialect'], message: 'Only db/ opens database drivers.' }] },
      ],
    },
  },
]

/** The admin SPA: browser globals; the server is seen as types only, through api/trpc.ts. */
export const admin = [
  ...base,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.vue'] } },
  },
  { languageOptions: { globals: { ...globals.browser } } },
  {
    rules: {
      'vue/multi-word-component-names': 'error',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
    },
  },
  {
    files: ['src/**/*.ts', 'src/**/*.vue'],
    ignores: ['src/api/trpc.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@trpc/client', '@trpc/client/*'], message: 'Only src/api/trpc.ts talks to the server.' },
            { group: ['@leap/server', '@leap/server/*'], importNames: ['default'], message: 'Import server types with `import type`.' },
          ],
        },
      ],
    },
  },
]

/** Browser tests and tooling scripts run in node. */
export const node = [...base, { languageOptions: { globals: { ...globals.node } } }]
