import { parseArgs } from 'node:util';

export interface GatewayArgs {
  config: string;
  port?: number;
  host?: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

export const GATEWAY_USAGE = `Usage: gatehouse gateway --config <file.yaml|file.json> [--port N] [--host ADDR] [--log-level LEVEL]

Runs one Gatehouse gateway node from a local declarative file (DB-less mode).
  --config     the gateway config (YAML or JSON); reloaded when the file changes
  --port       overrides listen.port
  --host       overrides listen.host
  --log-level  fatal|error|warn|info|debug|trace|silent (default: info, or LOG_LEVEL)`;

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export class UsageError extends Error {}

export function parseGatewayArgs(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): GatewayArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        config: { type: 'string', short: 'c' },
        port: { type: 'string', short: 'p' },
        host: { type: 'string' },
        'log-level': { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.config === undefined) throw new UsageError('--config <file> is required');
  const args: GatewayArgs = { config: values.config, logLevel: 'info' };
  if (values.port !== undefined) {
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65_535)
      throw new UsageError(`--port must be 0-65535, got "${values.port}"`);
    args.port = port;
  }
  if (values.host !== undefined) args.host = values.host;
  const level = values['log-level'] ?? env.LOG_LEVEL ?? 'info';
  if (!(LEVELS as readonly string[]).includes(level))
    throw new UsageError(`--log-level must be one of ${LEVELS.join(', ')}`);
  args.logLevel = level as GatewayArgs['logLevel'];
  return args;
}
