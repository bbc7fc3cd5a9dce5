import { defineConfig } from 'vitest/config';

export const config = defineConfig({
  test: {
    include: ['src/**/*.spec.ts', 'test/**/*.spec.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Each Prisma CLI run starts Node, the CLI and the Wasm engine: seconds, not millis.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
// Vitest loads a config module's default export.
// eslint-disable-next-line no-restricted-syntax
export default config;
