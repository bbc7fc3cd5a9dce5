// Each test gets its own database on the shared local Postgres (which persists between
// runs), named gatehouse_test_<random>, and drops it afterwards.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { dropDatabase } from '../src/postgres/database-admin.js';
import { withDatabase } from '../src/postgres/database-url.js';

/** Any database on the server the tests may use; only its server and credentials matter. */
export const serverUrl =
  process.env['GATEHOUSE_TEST_DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  readonly name: string;
  /** The database's URL. The database itself does not exist until something creates it. */
  readonly url: string;
  readonly drop: () => Promise<void>;
}

export function newTestDatabase(): TestDatabase {
  const name = `gatehouse_test_${randomBytes(6).toString('hex')}`;
  const url = withDatabase(serverUrl, name);
  return { name, url, drop: () => dropDatabase(url) };
}

/** Runs one query on a short-lived connection. */
export async function query<Row extends pg.QueryResultRow>(
  url: string,
  sql: string,
): Promise<Row[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<Row>(sql)).rows;
  } finally {
    await client.end();
  }
}
