// The deploy-only fallback: applies the committed migration.sql files with plain `pg`,
// bookkeeping in `_prisma_migrations` exactly as `prisma migrate deploy` does, so Prisma's
// own `migrate status` / `migrate deploy` later agree with what was done. It needs no
// schema engine at all (for sites that cannot run one); it cannot create migrations.
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { pgConnectionString, redactDatabaseUrl } from '../postgres/database-url.js';
import { readMigrationFiles } from './migration-files.js';
import type { MigrationFile } from './migration-files.js';

/** Prisma's own advisory-lock key for migrations: Prisma and this fallback exclude each other. */
const prismaMigrateLockKey = 72707369;

/** `_prisma_migrations` as Prisma's schema engine creates it. */
const createMigrationsTable = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

interface MigrationRow {
  readonly migration_name: string;
  readonly checksum: string;
  readonly finished_at: Date | null;
}

export class FallbackMigrationError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'FallbackMigrationError';
  }
}

export interface FallbackResult {
  readonly applied: readonly string[];
  /** Applied migrations whose file changed since (Prisma's `migrate status` flags them too). */
  readonly modifiedSinceApplied: readonly string[];
}

export async function applySqlMigrations(
  databaseUrl: string,
  migrationsDirectory: string,
): Promise<FallbackResult> {
  const migrations = await readMigrationFiles(migrationsDirectory);
  const client = new pg.Client({ connectionString: pgConnectionString(databaseUrl) });
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [prismaMigrateLockKey]);
    try {
      return await applyPending(client, migrations, databaseUrl);
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [prismaMigrateLockKey]);
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function applyPending(
  client: pg.Client,
  migrations: MigrationFile[],
  databaseUrl: string,
): Promise<FallbackResult> {
  await client.query(createMigrationsTable);
  const { rows } = await client.query<MigrationRow>(
    'SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL ORDER BY started_at',
  );
  const failed = rows.filter((row) => row.finished_at === null).map((row) => row.migration_name);
  if (failed.length > 0) {
    // Prisma refuses too (P3009): someone must look at the half-applied migration first.
    throw new FallbackMigrationError(
      `Migration(s) ${failed.join(', ')} failed earlier on ${redactDatabaseUrl(databaseUrl)}; ` +
        'resolve them (prisma migrate resolve --rolled-back|--applied) before applying more.',
    );
  }
  const applied = new Map(rows.map((row) => [row.migration_name, row.checksum]));
  const modifiedSinceApplied = migrations
    .filter(
      (migration) =>
        applied.has(migration.name) && applied.get(migration.name) !== migration.checksum,
    )
    .map((migration) => migration.name);

  const newlyApplied: string[] = [];
  for (const migration of migrations) {
    if (applied.has(migration.name)) continue;
    await applyOne(client, migration);
    newlyApplied.push(migration.name);
  }
  return { applied: newlyApplied, modifiedSinceApplied };
}

async function applyOne(client: pg.Client, migration: MigrationFile): Promise<void> {
  const id = randomUUID();
  await client.query(
    'INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, now(), 0)',
    [id, migration.checksum, migration.name],
  );
  try {
    // One simple-protocol query, as Prisma sends it: Postgres runs a multi-statement
    // script in one implicit transaction, so a failing migration leaves no half schema.
    await client.query(migration.sql);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await client.query('UPDATE "_prisma_migrations" SET logs = $2 WHERE id = $1', [id, message]);
    throw new FallbackMigrationError(`Migration ${migration.name} failed: ${message}`, {
      cause: error,
    });
  }
  await client.query(
    'UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1',
    [id],
  );
}
