// Server-level operations Prisma's Wasm schema engine does not have (it only ever talks to
// one database through a driver adapter): checking that a database exists, creating and
// dropping one. They run on the server's maintenance database with plain `pg`.
import pg from 'pg';
import {
  databaseUrlParts,
  pgConnectionString,
  quoteIdentifier,
  withDatabase,
} from './database-url.js';

/** Postgres SQLSTATE for "database does not exist". */
const invalidCatalogName = '3D000';
/** Postgres SQLSTATE for "database already exists". */
const duplicateDatabase = '42P04';

interface PgErrorLike {
  readonly code?: unknown;
}

export function pgErrorCode(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null) {
    const code = (error as PgErrorLike).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/** Runs `work` on a single short-lived connection to `url`. */
export async function withClient<T>(
  url: string,
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({ connectionString: pgConnectionString(url) });
  // A dropped connection must reject the pending query, not crash the process.
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Runs `work` on the server's maintenance database: `postgres`, or `template1` where
 * `postgres` was dropped (both are what `createdb` itself falls back on).
 */
export async function withMaintenanceClient<T>(
  url: string,
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  try {
    return await withClient(withDatabase(url, 'postgres'), work);
  } catch (error) {
    if (pgErrorCode(error) !== invalidCatalogName) throw error;
    return withClient(withDatabase(url, 'template1'), work);
  }
}

/** Connects to the database named by `url` and runs `SELECT 1`. Throws the `pg` error. */
export async function checkConnection(url: string): Promise<void> {
  await withClient(url, async (client) => {
    await client.query('SELECT 1');
  });
}

export function isMissingDatabaseError(error: unknown): boolean {
  return pgErrorCode(error) === invalidCatalogName;
}

/** Creates the database named by `url`. Returns false when it already existed. */
export async function createDatabase(url: string): Promise<boolean> {
  const { database } = databaseUrlParts(url);
  return withMaintenanceClient(url, async (client) => {
    try {
      await client.query(`CREATE DATABASE ${quoteIdentifier(database)}`);
      return true;
    } catch (error) {
      if (pgErrorCode(error) === duplicateDatabase) return false;
      throw error;
    }
  });
}

/** Drops the database named by `url`, closing other sessions on it (Postgres ≥ 13). */
export async function dropDatabase(url: string): Promise<void> {
  const { database } = databaseUrlParts(url);
  await withMaintenanceClient(url, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(database)} WITH (FORCE)`);
  });
}
