// Verifies the audit hash chains straight from the database (DATABASE_URL), without the
// control plane's API: each tenant's chain (or one, --tenant) over the links stored within
// --from/--to, and prints the first break (edited, deleted, reordered, truncated link).
//   tsx --tsconfig apps/control-plane/tsconfig.json apps/control-plane/src/cli/verify-audit-chain.ts \
//     [--tenant <id>] [--from <iso>] [--to <iso>]
// Exit codes: 0 every chain verifies, 1 a chain is broken, 64 usage, 78 bad configuration.
import { parseArgs } from 'node:util';
import { AuditQueryRepository } from '../audit/audit-query.repository.js';
import { AuditService } from '../audit/audit.service.js';
import { ConfigError, loadConfig } from '../config/load-config.js';
import { DatabaseService } from '../database/database.service.js';

async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      tenant: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
    },
  });
  for (const key of ['from', 'to'] as const) {
    const value = values[key];
    if (value !== undefined && Number.isNaN(Date.parse(value))) {
      process.stderr.write(`verify-audit-chain: --${key} must be an ISO 8601 time\n`);
      return 64;
    }
  }
  const database = new DatabaseService(loadConfig());
  try {
    const service = new AuditService(new AuditQueryRepository(database));
    const report = await service.verify({
      tenant: values.tenant,
      from: values.from,
      to: values.to,
    });
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    for (const chain of report.chains) {
      process.stderr.write(
        chain.firstBreak
          ? `BROKEN ${chain.chain}: first break at link ${chain.firstBreak.seq} (${chain.firstBreak.reason}): ${chain.firstBreak.message}\n`
          : `OK ${chain.chain}: ${chain.checked} links verified (${chain.firstSeq ?? '-'}..${chain.lastSeq ?? '-'}, head ${chain.headSeq ?? '-'})\n`,
      );
    }
    return report.ok ? 0 : 1;
  } finally {
    await database.onModuleDestroy();
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(
    `verify-audit-chain: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = error instanceof ConfigError ? 78 : 1;
}
