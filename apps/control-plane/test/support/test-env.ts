import { randomBytes } from 'node:crypto';

/** The shared local services (override with TEST_DATABASE_URL / TEST_REDIS_URL). */
export const serverDatabaseUrl =
  process.env['TEST_DATABASE_URL'] ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
export const testRedisUrl = process.env['TEST_REDIS_URL'] ?? 'redis://127.0.0.1:6379';

/** `gatehouse_test_<random>`: recognisable, so a crashed run's leftovers can be found. */
export function testName(): string {
  return `gatehouse_test_${randomBytes(6).toString('hex')}`;
}

declare module 'vitest' {
  interface ProvidedContext {
    /** A migrated database that each test file copies (CREATE DATABASE ... TEMPLATE). */
    templateDatabaseUrl: string;
  }
}
