import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { schemaShape } from '../../test/schema-shape.js';
import { newTestDatabase, query } from '../../test/test-database.js';
import type { TestDatabase } from '../../test/test-database.js';
import { applyMigrations, checkDrift, migrationStatus } from '../migrate.js';
import { migrationsDirectory } from '../paths.js';
import { createDatabase } from '../postgres/database-admin.js';
import { applySqlMigrations, FallbackMigrationError } from './apply-sql-migrations.js';
import { readMigrationFiles } from './migration-files.js';

interface MigrationRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  applied_steps_count: number;
  logs: string | null;
}

const migrationRows = (url: string): Promise<MigrationRow[]> =>
  query<MigrationRow>(
    url,
    'SELECT migration_name, checksum, finished_at, applied_steps_count, logs FROM "_prisma_migrations" ORDER BY migration_name',
  );

describe('deploy-only SQL fallback', () => {
  const databases: TestDatabase[] = [];
  const newDatabase = (): TestDatabase => {
    const database = newTestDatabase();
    databases.push(database);
    return database;
  };
  afterEach(async () => {
    await Promise.all(databases.splice(0).map((database) => database.drop()));
  });

  it('builds the same schema as prisma migrate deploy, and Prisma agrees it is up to date', async () => {
    const viaPrisma = newDatabase();
    const viaFallback = newDatabase();
    await applyMigrations(viaPrisma.url);
    await createDatabase(viaFallback.url);

    const result = await applySqlMigrations(viaFallback.url, migrationsDirectory);
    const committed = await readMigrationFiles(migrationsDirectory);
    expect(result.applied).toEqual(committed.map((migration) => migration.name));

    const [prismaShape, fallbackShape] = await Promise.all([
      schemaShape(viaPrisma.url),
      schemaShape(viaFallback.url),
    ]);
    expect(fallbackShape.columns.length).toBeGreaterThan(100);
    expect(fallbackShape).toEqual(prismaShape);

    const rows = await migrationRows(viaFallback.url);
    expect(
      rows.map(({ migration_name, checksum, applied_steps_count, logs }) => ({
        migration_name,
        checksum,
        applied_steps_count,
        logs,
      })),
    ).toEqual(
      (await migrationRows(viaPrisma.url)).map(
        ({ migration_name, checksum, applied_steps_count, logs }) => ({
          migration_name,
          checksum,
          applied_steps_count,
          logs,
        }),
      ),
    );

    expect((await migrationStatus(viaFallback.url)).upToDate).toBe(true);
    expect((await checkDrift(viaFallback.url)).drift).toBe(false);
    expect((await applySqlMigrations(viaFallback.url, migrationsDirectory)).applied).toEqual([]);
  });

  it('records a failing migration, leaves none of it applied, and refuses to go on', async () => {
    const database = newDatabase();
    await createDatabase(database.url);
    const directory = await mkdtemp(join(tmpdir(), 'gatehouse-migrations-'));
    try {
      await mkdir(join(directory, '20260101000000_good'));
      await writeFile(
        join(directory, '20260101000000_good', 'migration.sql'),
        'CREATE TABLE "a" ("id" integer);\n',
      );
      await mkdir(join(directory, '20260102000000_bad'));
      await writeFile(
        join(directory, '20260102000000_bad', 'migration.sql'),
        'CREATE TABLE "b" ("id" integer);\nALTER TABLE "missing" ADD COLUMN "x" integer;\n',
      );

      await expect(applySqlMigrations(database.url, directory)).rejects.toThrow(
        /20260102000000_bad failed: .*missing/,
      );
      const rows = await migrationRows(database.url);
      expect(rows.map((row) => [row.migration_name, row.finished_at === null])).toEqual([
        ['20260101000000_good', false],
        ['20260102000000_bad', true],
      ]);
      expect(rows[1]?.logs).toContain('missing');
      // The failing script ran as one implicit transaction: its first statement is undone.
      expect((await schemaShape(database.url)).tables).toEqual(['_prisma_migrations', 'a']);

      await expect(applySqlMigrations(database.url, directory)).rejects.toThrow(
        FallbackMigrationError,
      );
      await expect(applySqlMigrations(database.url, directory)).rejects.toThrow(/failed earlier/);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
