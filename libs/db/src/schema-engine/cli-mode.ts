// The native engine's one-shot `cli` mode, which the Prisma CLI uses before `migrate
// deploy` / `migrate dev` to check the database and create it when missing. The CLI reads
// the outcome from the exit code and the stderr JSON log lines (it skips the first line),
// and only creates the database when the check fails with P1003.
import { checkConnection, createDatabase, dropDatabase } from '../postgres/database-admin.js';
import type { CliCommand } from './args.js';
import { describeEngineError, logLine } from './errors.js';

export interface CliOutput {
  readonly stderr: (line: string) => void;
}

export async function runCliCommand(
  command: CliCommand,
  url: string | undefined,
  output: CliOutput,
): Promise<number> {
  output.stderr(logLine('INFO', `Gatehouse schema engine: cli ${command}`));
  if (!url) {
    output.stderr(logLine('ERROR', 'No datasource URL was given (--datasource).', 'P1012'));
    return 1;
  }
  try {
    switch (command) {
      case 'can-connect-to-database':
        await checkConnection(url);
        break;
      case 'create-database':
        await createDatabase(url);
        break;
      case 'drop-database':
        await dropDatabase(url);
        break;
    }
    return 0;
  } catch (error) {
    const details = describeEngineError(error, url);
    output.stderr(logLine('ERROR', details.message, details.errorCode));
    return 1;
  }
}
