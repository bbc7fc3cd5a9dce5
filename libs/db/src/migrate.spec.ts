import { readdir } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { newTestDatabase, query } from '../test/test-database.js';
import type { TestDatabase } from '../test/test-database.js';
import { schemaShape, tablesDeclaredInSchema } from '../test/schema-shape.js';
import { readMigrationFiles } from './fallback/migration-files.js';
import { applyMigrations, checkDrift, migrationStatus } from './migrate.js';
import { migrationsDirectory } from './paths.js';
import { runPrismaCli } from './prisma-cli.js';

describe('migrations on the Gatehouse schema engine (offline)', () => {
  let database: TestDatabase | undefined;
  afterEach(async () => {
    await database?.drop();
    database = undefined;
  });

  it('deploys every committed migration into a database that does not exist yet', async () => {
    database = newTestDatabase();
    const committed = (await readMigrationFiles(migrationsDirectory)).map(
      (migration) => migration.name,
    );
    expect(committed.length).toBeGreaterThan(0);

    const deployed = await applyMigrations(database.url);
    expect(deployed.applied).toEqual(committed);

    const { tables } = await schemaShape(database.url);
    expect(tables).toEqual([...(await tablesDeclaredInSchema()), '_prisma_migrations'].sort());

    const status = await migrationStatus(database.url);
    expect(status.upToDate).toBe(true);

    const again = await applyMigrations(database.url);
    expect(again.applied).toEqual([]);
  });

  it('lets prisma migrate dev apply pending migrations and find nothing to create', async () => {
    database = newTestDatabase();
    const before = await readdir(migrationsDirectory);
    // Non-interactive: Prisma would refuse (not prompt) if it wanted a new migration.
    const result = await runPrismaCli(['migrate', 'dev'], { databaseUrl: database.url });
    expect(result.stderr + result.stdout).toContain(
      'Your database is now in sync with your schema.',
    );
    expect(result.exitCode).toBe(0);
    expect(await readdir(migrationsDirectory)).toEqual(before);
  });

  it('finds no drift on a migrated database, and finds a change made behind its back', async () => {
    database = newTestDatabase();
    await applyMigrations(database.url);

    expect(await checkDrift(database.url)).toEqual({ drift: false, summary: '' });

    await query(database.url, 'ALTER TABLE "tenants" ADD COLUMN "added_by_hand" integer');
    const drift = await checkDrift(database.url);
    expect(drift.drift).toBe(true);
    expect(drift.summary).toContain('`tenants`');
    expect(drift.summary).toContain('added_by_hand');
  });
});
