// Generates Prisma Client (kept out of git) before the specs, with our engine, offline;
// after them, checks that no run left a shadow database behind.
import { runPrismaCli } from '../src/prisma-cli.js';
import { query, serverUrl } from './test-database.js';

export async function setup(): Promise<void> {
  const result = await runPrismaCli(['generate']);
  if (result.exitCode !== 0 || !result.stdout.includes('Generated Prisma Client')) {
    throw new Error(
      `prisma generate failed (exit ${result.exitCode}):\n${result.stderr}\n${result.stdout}`,
    );
  }
}

export async function teardown(): Promise<void> {
  const leftovers = await query<{ datname: string }>(
    serverUrl,
    `SELECT datname FROM pg_database WHERE datname LIKE 'prisma_shadow_%'`,
  );
  if (leftovers.length > 0) {
    throw new Error(
      `Shadow databases left behind: ${leftovers.map((row) => row.datname).join(', ')}`,
    );
  }
}
