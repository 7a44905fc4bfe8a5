import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // tests/chaos/ holds runs too long for npm test; npm run test:chaos (CHAOS=1) adds them.
    include: process.env.CHAOS === '1' ? ['tests/unit/**/*.test.ts', 'tests/chaos/**/*.test.ts'] : ['tests/unit/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
})
