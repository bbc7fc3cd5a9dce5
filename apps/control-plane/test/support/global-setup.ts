// Once per test run: a fresh database migrated with libs/db's runner (Prisma's migrate
// deploy on our offline schema engine). Test files copy it, so each file works in its own
// database without paying for migrations again; teardown drops it.
import type { TestProject } from 'vitest/node';
import { applyMigrations, dropDatabase, withDatabase } from '@gatehouse/db';
import { serverDatabaseUrl, testName } from './test-env.js';

let templateUrl: string | undefined;

export async function setup(project: TestProject): Promise<void> {
  templateUrl = withDatabase(serverDatabaseUrl, `${testName()}_template`);
  await applyMigrations(templateUrl);
  project.provide('templateDatabaseUrl', templateUrl);
}

export async function teardown(): Promise<void> {
  if (templateUrl) await dropDatabase(templateUrl);
}
