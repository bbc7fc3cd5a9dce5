// Migration commands for operators and CI, offline (tsx libs/db/src/cli/migrate.ts ...):
//   deploy [--fallback]   create the database if missing, apply committed migrations
//   status                exit 0 when every migration is applied, 1 otherwise
//   diff-check            exit 0 when the database matches the migrations, 2 on drift
//   create-db             create the database if missing
// The database is DATABASE_URL, or --database-url <url>.
import { parseArgs } from 'node:util';
import { applySqlMigrations } from '../fallback/apply-sql-migrations.js';
import { applyMigrations, checkDrift, migrationStatus } from '../migrate.js';
import { migrationsDirectory } from '../paths.js';
import { createDatabase } from '../postgres/database-admin.js';
import { databaseUrlParts, redactDatabaseUrl } from '../postgres/database-url.js';

const usage = `Usage: migrate <deploy|status|diff-check|create-db> [--database-url <url>] [--fallback]

  deploy       create the database if missing, then apply pending migrations
               (prisma migrate deploy on the Gatehouse schema engine)
  deploy --fallback
               apply the committed migration.sql files with plain SQL, no schema engine
  status       exit 0 if every committed migration is applied, 1 otherwise
  diff-check   exit 0 if the database matches the migrations, 2 on drift (prints it)
  create-db    create the database if it does not exist

The database URL comes from --database-url or DATABASE_URL.`;

async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'database-url': { type: 'string' },
      fallback: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const command = positionals[0];
  if (values.help || command === undefined) {
    console.log(usage);
    return values.help ? 0 : 64;
  }
  const databaseUrl = values['database-url'] ?? process.env['DATABASE_URL'];
  if (!databaseUrl) {
    console.error(
      'migrate: set DATABASE_URL or pass --database-url postgresql://user@host:5432/db',
    );
    return 64;
  }
  const where = redactDatabaseUrl(databaseUrl);

  switch (command) {
    case 'deploy': {
      if (values.fallback) {
        const created = await createDatabase(databaseUrl);
        if (created) console.log(`Created database ${databaseUrlParts(databaseUrl).database}.`);
        const result = await applySqlMigrations(databaseUrl, migrationsDirectory);
        for (const name of result.modifiedSinceApplied) {
          console.warn(`warning: migration ${name} was modified after it was applied`);
        }
        console.log(
          result.applied.length === 0
            ? `No pending migrations on ${where} (SQL fallback).`
            : `Applied ${result.applied.length} migration(s) on ${where} (SQL fallback):\n${result.applied.map((name) => `  ${name}`).join('\n')}`,
        );
        return 0;
      }
      const result = await applyMigrations(databaseUrl);
      console.log(result.output.trim());
      return 0;
    }
    case 'status': {
      const status = await migrationStatus(databaseUrl);
      console.log(status.output.trim());
      return status.upToDate ? 0 : 1;
    }
    case 'diff-check': {
      const drift = await checkDrift(databaseUrl);
      if (!drift.drift) {
        console.log(`No drift: ${where} matches prisma/migrations.`);
        return 0;
      }
      console.log(`Drift: ${where} differs from prisma/migrations:\n${drift.summary}`);
      return 2;
    }
    case 'create-db': {
      const created = await createDatabase(databaseUrl);
      const { database } = databaseUrlParts(databaseUrl);
      console.log(
        created ? `Created database ${database}.` : `Database ${database} already exists.`,
      );
      return 0;
    }
    default:
      console.error(`migrate: unknown command ${command}\n\n${usage}`);
      return 64;
  }
}

try {
  process.exitCode = await run(process.argv.slice(2));
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
