// Shared vitest presets. Each package spreads one into its own vitest.config.ts.

/** Pure unit tests (domain). Property tests run thousands of cases: generous timeout for a busy 2-core CI. */
export const unit = {
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    reporters: ['default'],
  },
}

/** Server tests against a real database: one PGlite per file, so files run in separate forks. */
export const database = {
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default'],
  },
}

/** Browser tests drive Chromium against a real server: run files one after another. */
export const browser = {
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default'],
  },
}
