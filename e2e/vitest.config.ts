import { defineConfig } from 'vitest/config';

// Whole-system specs start real processes; on a 2-core machine they run one file at a time.
export const config = defineConfig({
  test: {
    include: ['**/*.spec.ts'],
    exclude: ['**/node_modules/**', 'output/**'],
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 120_000,
  },
});
// eslint-disable-next-line no-restricted-syntax
export default config;
