import {
  databaseUrlParts,
  dropDatabase,
  pgErrorCode,
  quoteIdentifier,
  withDatabase,
  withMaintenanceClient,
} from '@gatehouse/db';
import { testName } from './test-env.js';

export interface TestDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

/** Postgres: "source database is being accessed by other users" (another copy in flight). */
const objectInUse = '55006';

/** A new database copied from the run's migrated template. */
export async function createTestDatabase(templateUrl: string): Promise<TestDatabase> {
  const url = withDatabase(templateUrl, testName());
  const name = quoteIdentifier(databaseUrlParts(url).database);
  const template = quoteIdentifier(databaseUrlParts(templateUrl).database);
  await withMaintenanceClient(url, async (client) => {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await client.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
        return;
      } catch (error) {
        if (pgErrorCode(error) !== objectInUse || attempt >= 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 * attempt));
      }
    }
  });
  return { url, drop: () => dropDatabase(url) };
}
