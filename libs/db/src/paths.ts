// Where the workspace keeps what the migration tooling needs, resolved from this file so
// callers (control plane, CI, tests) work from any current directory.
import { fileURLToPath } from 'node:url';

const here = (relative: string): string => fileURLToPath(new URL(relative, import.meta.url));

/** The repository root: where prisma.config.ts lives, the Prisma CLI's working directory. */
export const workspaceRoot = here('../../../');

/** The committed migrations, one directory per migration with its `migration.sql`. */
export const migrationsDirectory = here('../../../prisma/migrations/');

/** Our schema engine, for PRISMA_SCHEMA_ENGINE_BINARY. */
export const schemaEngineBinary = here('../bin/gatehouse-schema-engine.mjs');
