import { availableParallelism } from 'node:os'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/browser/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Store/API suites share one PostgreSQL database; each file uses its own schema.
    fileParallelism: true,
    // Each file in its own process (isolated: module state, sockets, native sqlite3).
    pool: 'forks',
    // Vitest's default is one worker less than the cores, i.e. one on a 2-core box. The
    // integration files mostly wait on sockets, databases and the browser, so two files
    // overlap well even there (measured: 58 s → 35 s for the integration and browser files).
    maxWorkers: Math.max(2, availableParallelism() - 1)
  }
})
