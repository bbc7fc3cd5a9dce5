// Prisma CLI configuration. Gatehouse runs Prisma's migrations offline: the CLI's
// migrate commands spawn a native schema engine it would download from Prisma's servers,
// so we point it at our own engine (Prisma's npm-published Wasm engine behind a small
// stdio shim, libs/db/bin/gatehouse-schema-engine.mjs). An engine chosen explicitly
// through PRISMA_SCHEMA_ENGINE_BINARY still wins. See docs/air-gapped-install.md.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'prisma/config';

const engine = fileURLToPath(new URL('./libs/db/bin/gatehouse-schema-engine.mjs', import.meta.url));
process.env['PRISMA_SCHEMA_ENGINE_BINARY'] ??= engine;

// Same default as the control plane: the local Postgres (generate needs no database).
const defaultDatabaseUrl = 'postgresql://postgres@127.0.0.1:5432/gatehouse';

// The Prisma CLI loads the config module's default export.
// eslint-disable-next-line no-restricted-syntax
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: {
    url: process.env['DATABASE_URL'] ?? defaultDatabaseUrl,
    ...(process.env['SHADOW_DATABASE_URL']
      ? { shadowDatabaseUrl: process.env['SHADOW_DATABASE_URL'] }
      : {}),
  },
});
