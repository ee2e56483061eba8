import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/support/setup.ts'],
    // Generous: some tests spawn the CLI, which starts an embedded Postgres (initdb in WASM) cold.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
  },
});
