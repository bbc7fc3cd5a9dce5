import { defineConfig } from 'vitest/config';

export const config = defineConfig({
  test: { include: ['src/**/*.spec.ts'], passWithNoTests: false },
});
// Vitest loads a config module's default export.
// eslint-disable-next-line no-restricted-syntax
export default config;
