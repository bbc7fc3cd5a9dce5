// The migration runner the control plane and CI use: Prisma's own migrate commands, run
// offline on our schema engine. Each result is checked against what the command must
// print, so a run that "succeeds" silently (an engine that did nothing) is an error.
import { redactDatabaseUrl } from './postgres/database-url.js';
import { runPrismaCli } from './prisma-cli.js';
import type { PrismaCliOptions, PrismaCliResult } from './prisma-cli.js';

export class MigrationError extends Error {
  constructor(
    message: string,
    readonly result: PrismaCliResult,
  ) {
    super(`${message}\n${result.stderr.trim()}\n${result.stdout.trim()}`.trim());
    this.name = 'MigrationError';
  }
}

export type MigrateOptions = Omit<PrismaCliOptions, 'databaseUrl'>;

export interface DeployResult {
  /** Migrations applied by this run (empty when the database was up to date). */
  readonly applied: readonly string[];
  readonly output: string;
}

/** The names in the CLI's "└─ <name>/" tree of applied migrations. */
function appliedMigrationNames(stdout: string): string[] {
  return [...stdout.matchAll(/└─ (\S+)\/\s*$/gm)].flatMap((match) => (match[1] ? [match[1]] : []));
}

/**
 * `prisma migrate deploy`: creates the database if it is missing and applies every
 * committed migration not yet applied. Throws MigrationError on any failure.
 */
export async function applyMigrations(
  databaseUrl: string,
  options: MigrateOptions = {},
): Promise<DeployResult> {
  const result = await runPrismaCli(['migrate', 'deploy'], { ...options, databaseUrl });
  const where = redactDatabaseUrl(databaseUrl);
  if (result.exitCode !== 0)
    throw new MigrationError(`prisma migrate deploy failed on ${where}`, result);
  const applied = appliedMigrationNames(result.stdout);
  const confirmed =
    (applied.length > 0 && result.stdout.includes('have been successfully applied')) ||
    result.stdout.includes('No pending migrations to apply');
  if (!confirmed) {
    throw new MigrationError(
      `prisma migrate deploy printed no confirmation on ${where}: not trusting it`,
      result,
    );
  }
  return { applied, output: result.stdout };
}

export interface StatusResult {
  readonly upToDate: boolean;
  readonly output: string;
}

/** `prisma migrate status`: whether every committed migration is applied, and nothing else. */
export async function migrationStatus(
  databaseUrl: string,
  options: MigrateOptions = {},
): Promise<StatusResult> {
  const result = await runPrismaCli(['migrate', 'status'], { ...options, databaseUrl });
  const output = `${result.stderr}${result.stdout}`;
  if (result.exitCode === 0 && result.stdout.includes('Database schema is up to date!')) {
    return { upToDate: true, output };
  }
  // Exit 1 with a diagnosis (unapplied, failed, edited or unknown migrations) is an answer;
  // exit 1 without one (no database, no engine) is an error.
  const diagnosed =
    /have not yet been applied|failed|modified|not found locally|Your local migration history and the migrations table/i.test(
      result.stdout,
    );
  if (result.exitCode === 1 && diagnosed) return { upToDate: false, output };
  throw new MigrationError(
    `prisma migrate status failed on ${redactDatabaseUrl(databaseUrl)}`,
    result,
  );
}

export interface DriftResult {
  readonly drift: boolean;
  /** Prisma's summary of what differs (empty when nothing does). */
  readonly summary: string;
}

/**
 * Compares the database with what the committed migrations produce (`migrate diff
 * --from-migrations prisma/migrations --to-config-datasource --exit-code`). Exit 0 must
 * come with "No difference detected", exit 2 with a summary; anything else is an error.
 */
export async function checkDrift(
  databaseUrl: string,
  options: MigrateOptions = {},
): Promise<DriftResult> {
  const result = await runPrismaCli(
    [
      'migrate',
      'diff',
      '--from-migrations',
      'prisma/migrations',
      '--to-config-datasource',
      '--exit-code',
    ],
    { ...options, databaseUrl },
  );
  const where = redactDatabaseUrl(databaseUrl);
  if (result.exitCode === 0) {
    if (!result.stdout.includes('No difference detected')) {
      throw new MigrationError(
        `prisma migrate diff exited 0 on ${where} without saying so: not trusting it`,
        result,
      );
    }
    return { drift: false, summary: '' };
  }
  if (result.exitCode === 2) {
    const summary = result.stdout.trim();
    if (summary === '')
      throw new MigrationError(
        `prisma migrate diff reported drift on ${where} but no summary`,
        result,
      );
    return { drift: true, summary };
  }
  throw new MigrationError(`prisma migrate diff failed on ${where}`, result);
}
