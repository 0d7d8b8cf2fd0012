import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/browser/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Store/API suites share one PostgreSQL database; each file uses its own schema.
    fileParallelism: true,
    pool: 'forks'
  }
})
