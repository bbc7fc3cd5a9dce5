// Bootstrap command: creates an admin API token and prints it once on stdout (details on
// stderr, so `TOKEN=$(... create-admin-token --name ops)` captures only the token).
//   tsx --tsconfig apps/control-plane/tsconfig.json apps/control-plane/src/cli/create-admin-token.ts \
//     --name ops --role admin [--expires-in-days 90]
import { parseArgs } from 'node:util';
import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { createAdminTokenRequestSchema } from '@gatehouse/contracts';
import type { CreateAdminTokenRequest } from '@gatehouse/contracts';
import { Prisma } from '@gatehouse/db';
import { AdminTokenService } from '../auth/admin-token.service.js';
import { AuthModule } from '../auth/auth.module.js';
import { apiIssuesOf } from '../common/api/zod-issues.js';
import { DomainError } from '../common/errors/domain-error.js';
import type { AppConfig } from '../config/app-config.js';
import { ConfigModule } from '../config/config.module.js';
import { ConfigError, loadConfig } from '../config/load-config.js';
import { DatabaseModule } from '../database/database.module.js';

const usage = `Usage: create-admin-token --name <name> [--role admin|approver|auditor|viewer] [--expires-in-days <n>]

Creates an admin API token for the Gatehouse admin API and prints it once.
Only its SHA-256 hash is stored: keep the printed token somewhere safe.
The database is DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/gatehouse).`;

@Module({})
class CreateAdminTokenModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CreateAdminTokenModule,
      imports: [ConfigModule.forRoot(config), DatabaseModule, AuthModule],
    };
  }
}

function parseRequest(argv: string[]): CreateAdminTokenRequest | string {
  const { values } = parseArgs({
    args: argv,
    options: {
      name: { type: 'string' },
      role: { type: 'string', default: 'admin' },
      'expires-in-days': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return usage;
  const days = values['expires-in-days'];
  const parsed = createAdminTokenRequestSchema.safeParse({
    name: values.name,
    role: values.role,
    ...(days === undefined ? {} : { expiresInDays: Number(days) }),
  });
  if (parsed.success) return parsed.data;
  const flag = (path: string): string =>
    `--${path.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
  const problems = apiIssuesOf(parsed.error).map(
    (issue) => `  ${flag(issue.path)}: ${issue.message}`,
  );
  return `create-admin-token: invalid arguments\n${problems.join('\n')}\n\n${usage}`;
}

function explain(error: unknown): string {
  if (error instanceof DomainError) return error.message;
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2021') {
    return 'The database has no admin token table: apply the migrations first (tsx libs/db/src/cli/migrate.ts deploy).';
  }
  return error instanceof Error ? error.message : String(error);
}

async function main(argv: string[]): Promise<number> {
  const request = parseRequest(argv);
  if (typeof request === 'string') {
    const isHelp = request === usage;
    (isHelp ? process.stdout : process.stderr).write(`${request}\n`);
    return isHelp ? 0 : 64;
  }
  const config = loadConfig();
  const app = await NestFactory.createApplicationContext(CreateAdminTokenModule.forRoot(config), {
    logger: ['error', 'warn'],
    abortOnError: false,
  });
  try {
    const expiresAt =
      request.expiresInDays === undefined
        ? null
        : new Date(Date.now() + request.expiresInDays * 24 * 3600 * 1000);
    const issued = await app
      .get(AdminTokenService)
      .issue(
        { actor: { type: 'system', id: 'create-admin-token' }, requestId: null },
        { name: request.name, role: request.role, expiresAt },
      );
    process.stderr.write(
      `Created admin API token "${issued.identity.name}" (id ${issued.identity.tokenId}, role ${issued.identity.role}, ` +
        `expires ${issued.identity.expiresAt ?? 'never'}). It is shown once:\n`,
    );
    process.stdout.write(`${issued.token}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`create-admin-token: ${explain(error)}\n`);
    return 1;
  } finally {
    await app.close();
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(
    `create-admin-token: ${error instanceof ConfigError ? error.message : explain(error)}\n`,
  );
  process.exitCode = error instanceof ConfigError ? 78 : 1;
}
