// The native schema engine's command line, as the Prisma CLI uses it:
//   schema-engine [--datamodels <path>]... [--datasource <json>]
//                 [--enabled-preview-features <list>] [--extension-types <json>]
//                 [cli can-connect-to-database|create-database|drop-database] [--version]
import type { EngineDatasource } from './pg-adapter-factory.js';

export type CliCommand = 'can-connect-to-database' | 'create-database' | 'drop-database';

export interface EngineArgs {
  readonly datamodelPaths: readonly string[];
  readonly datasource: EngineDatasource;
  /** Set for the one-shot `cli <command>` mode; absent for JSON-RPC over stdio. */
  readonly cliCommand?: CliCommand;
  readonly version: boolean;
}

const cliCommands: ReadonlySet<string> = new Set<CliCommand>([
  'can-connect-to-database',
  'create-database',
  'drop-database',
]);

function isCliCommand(value: string): value is CliCommand {
  return cliCommands.has(value);
}

function parseDatasource(json: string): EngineDatasource {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new Error('--datasource must be JSON, e.g. {"url":"postgresql://..."}');
  }
  if (typeof parsed !== 'object' || parsed === null)
    throw new Error('--datasource must be a JSON object');
  const { url, shadowDatabaseUrl } = parsed as Record<string, unknown>;
  return {
    ...(typeof url === 'string' ? { url } : {}),
    ...(typeof shadowDatabaseUrl === 'string' ? { shadowDatabaseUrl } : {}),
  };
}

export function parseEngineArgs(argv: readonly string[]): EngineArgs {
  const datamodelPaths: string[] = [];
  let datasource: EngineDatasource = {};
  let cliCommand: CliCommand | undefined;
  let version = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    switch (arg) {
      case '--datamodels':
        datamodelPaths.push(value());
        break;
      case '--datasource':
        datasource = parseDatasource(value());
        break;
      // Preview features and extension types change nothing for Postgres migrations here.
      case '--enabled-preview-features':
      case '--extension-types':
        value();
        break;
      case '--version':
      case '-V':
        version = true;
        break;
      case 'cli': {
        const command = value();
        if (!isCliCommand(command)) throw new Error(`Unknown cli command: ${command}`);
        cliCommand = command;
        break;
      }
      default:
        throw new Error(`Unknown argument: ${String(arg)}`);
    }
  }
  return { datamodelPaths, datasource, ...(cliCommand ? { cliCommand } : {}), version };
}
