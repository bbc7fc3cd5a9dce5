import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fleetIdSchema } from '@gatehouse/contracts';
import type { BackoffOptions } from '../upstream/stdio/backoff.js';
import { NodeCredential, type NodeCredentialSource } from '../sync/node-credential.js';
import { isValidNodeId } from '../sync/node-identity.js';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

interface CommonArgs {
  port?: number | undefined;
  host?: string | undefined;
  logLevel: LogLevel;
}

/** DB-less: one node from a local file, signed (a snapshot) or plain (with allowUnsigned). */
export interface FileModeArgs extends CommonArgs {
  mode: 'file';
  config: string;
  allowUnsigned: boolean;
  trustedKeys?: string | undefined;
  /** A signed file must be for this fleet; any fleet when absent. */
  fleetId?: string | undefined;
}

/** A node of a fleet, pulling its signed snapshots from the control plane. */
export interface ControlPlaneModeArgs extends CommonArgs {
  mode: 'control-plane';
  controlPlaneUrl: URL;
  fleetId: string;
  credential: NodeCredentialSource;
  trustedKeys: string;
  stateDir: string;
  nodeId?: string | undefined;
  heartbeatIntervalSeconds: number;
  /** Not on the command line: tests shorten the long-poll and the retry delays. */
  longPollSeconds?: number | undefined;
  syncBackoff?: BackoffOptions | undefined;
}

export type GatewayArgs = FileModeArgs | ControlPlaneModeArgs;

export const GATEWAY_USAGE = `Usage:
  gatehouse gateway --control-plane URL --fleet ID --node-credential-file FILE --trusted-keys FILE
                    [--state-dir DIR] [--node-id ID] [--heartbeat-interval SECONDS]
                    [--port N] [--host ADDR] [--log-level LEVEL]
  gatehouse gateway --config FILE [--trusted-keys FILE] [--fleet ID] [--allow-unsigned]
                    [--port N] [--host ADDR] [--log-level LEVEL]

Runs one Gatehouse gateway node.

From the control plane (a fleet of nodes):
  --control-plane       the control plane's base URL          env GATEHOUSE_CONTROL_PLANE_URL
  --fleet               the fleet this node belongs to        env GATEHOUSE_FLEET_ID
  --node-credential-file  file holding the node's credential  env GATEHOUSE_NODE_CREDENTIAL_FILE,
                        (or the credential itself in              GATEHOUSE_NODE_CREDENTIAL)
  --trusted-keys        public key(s) snapshots may be signed with: PEM blocks, a JWK or a JWKS
                        (list two while keys are rotated)      env GATEHOUSE_TRUSTED_KEYS_FILE
  --state-dir           where the last good snapshot and the node id are kept
                        (default: $XDG_STATE_HOME/gatehouse)   env GATEHOUSE_STATE_DIR
  --node-id             the id heartbeats report (default: kept in the state dir) env GATEHOUSE_NODE_ID
  --heartbeat-interval  seconds between heartbeats (default 10)
  --host, --port        where to listen (default 127.0.0.1:8080); a snapshot's listen.host and
                        listen.port are ignored (a fleet shares one snapshot), its listen.path is used

From a local file (DB-less mode):
  --config          a signed snapshot (compact JWS, needs --trusted-keys) or a YAML/JSON config
                    (needs --allow-unsigned); reloaded when the file changes
  --allow-unsigned  accept a plain YAML/JSON config, which nobody signed
  --trusted-keys    as above, for a signed file                env GATEHOUSE_TRUSTED_KEYS_FILE
  --fleet           a signed file must be for this fleet (default: any)  env GATEHOUSE_FLEET_ID
  --port, --host    override listen.port and listen.host

  --log-level       fatal|error|warn|info|debug|trace|silent (default: info, or LOG_LEVEL)`;

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const DEFAULT_HEARTBEAT_SECONDS = 10;
const CONTROL_PLANE_ONLY = [
  'control-plane',
  'node-credential-file',
  'state-dir',
  'node-id',
  'heartbeat-interval',
] as const;

export class UsageError extends Error {}

const OPTIONS = {
  config: { type: 'string', short: 'c' },
  'allow-unsigned': { type: 'boolean' },
  'control-plane': { type: 'string' },
  fleet: { type: 'string' },
  'node-credential-file': { type: 'string' },
  'trusted-keys': { type: 'string' },
  'state-dir': { type: 'string' },
  'node-id': { type: 'string' },
  'heartbeat-interval': { type: 'string' },
  port: { type: 'string', short: 'p' },
  host: { type: 'string' },
  'log-level': { type: 'string' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values'];

export function parseGatewayArgs(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): GatewayArgs {
  let values: Values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: OPTIONS,
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const common = commonArgs(values, env);
  if (values.config !== undefined) {
    const misplaced = CONTROL_PLANE_ONLY.filter((name) => values[name] !== undefined);
    if (misplaced.length > 0) {
      throw new UsageError(
        `${misplaced.map((name) => `--${name}`).join(', ')} ${misplaced.length === 1 ? 'belongs' : 'belong'} to control-plane mode, not to --config`,
      );
    }
    return {
      mode: 'file',
      config: values.config,
      allowUnsigned: values['allow-unsigned'] === true,
      trustedKeys: nonEmpty(values['trusted-keys'] ?? env.GATEHOUSE_TRUSTED_KEYS_FILE),
      fleetId: fleetId(values.fleet ?? nonEmpty(env.GATEHOUSE_FLEET_ID)),
      ...common,
    };
  }
  const url = values['control-plane'] ?? nonEmpty(env.GATEHOUSE_CONTROL_PLANE_URL);
  if (url === undefined) {
    throw new UsageError(
      'say where the config comes from: --control-plane URL (a fleet node) or --config FILE (DB-less)',
    );
  }
  const parsedUrl = controlPlaneUrl(url);
  if (values['allow-unsigned'] === true)
    throw new UsageError(
      '--allow-unsigned is for --config files; snapshots from the control plane are always signed',
    );
  const fleet = fleetId(values.fleet ?? nonEmpty(env.GATEHOUSE_FLEET_ID));
  if (fleet === undefined)
    throw new UsageError('--fleet ID (or GATEHOUSE_FLEET_ID) is required with --control-plane');
  const trustedKeys = nonEmpty(values['trusted-keys'] ?? env.GATEHOUSE_TRUSTED_KEYS_FILE);
  if (trustedKeys === undefined) {
    throw new UsageError(
      '--trusted-keys FILE (or GATEHOUSE_TRUSTED_KEYS_FILE) is required with --control-plane: the public key(s) snapshots are signed with',
    );
  }
  const nodeId = values['node-id'] ?? nonEmpty(env.GATEHOUSE_NODE_ID);
  if (nodeId !== undefined && !isValidNodeId(nodeId))
    throw new UsageError('--node-id must be 1-128 letters, digits, ".", "_", ":" or "-"');
  return {
    mode: 'control-plane',
    controlPlaneUrl: parsedUrl,
    fleetId: fleet,
    credential: credentialSource(values['node-credential-file'], env),
    trustedKeys,
    stateDir: values['state-dir'] ?? nonEmpty(env.GATEHOUSE_STATE_DIR) ?? defaultStateDir(env),
    nodeId,
    heartbeatIntervalSeconds: heartbeatSeconds(values['heartbeat-interval']),
    ...common,
  };
}

function commonArgs(values: Values, env: NodeJS.ProcessEnv): CommonArgs {
  const args: CommonArgs = { logLevel: 'info' };
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
  args.logLevel = level as LogLevel;
  return args;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

function fleetId(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const parsed = fleetIdSchema.safeParse(value);
  if (!parsed.success)
    throw new UsageError(`--fleet "${value}": ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

function controlPlaneUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`--control-plane "${value}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`--control-plane must be an http(s) URL, got "${url.protocol}"`);
  if (url.username !== '' || url.password !== '')
    throw new UsageError('--control-plane must not carry credentials; use --node-credential-file');
  return url;
}

/** The flag wins, then a file named in the environment, then the credential itself from it. */
function credentialSource(flag: string | undefined, env: NodeJS.ProcessEnv): NodeCredentialSource {
  const file = flag ?? nonEmpty(env.GATEHOUSE_NODE_CREDENTIAL_FILE);
  if (file !== undefined) return { kind: 'file', path: file };
  const value = nonEmpty(env.GATEHOUSE_NODE_CREDENTIAL);
  if (value === undefined) {
    throw new UsageError(
      '--node-credential-file FILE (or GATEHOUSE_NODE_CREDENTIAL) is required with --control-plane',
    );
  }
  try {
    return { kind: 'value', credential: new NodeCredential(value) };
  } catch (error) {
    throw new UsageError(`GATEHOUSE_NODE_CREDENTIAL: ${(error as Error).message}`);
  }
}

function heartbeatSeconds(value: string | undefined): number {
  if (value === undefined) return DEFAULT_HEARTBEAT_SECONDS;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds < 1 || seconds > 3_600)
    throw new UsageError(`--heartbeat-interval must be 1-3600 seconds, got "${value}"`);
  return seconds;
}

function defaultStateDir(env: NodeJS.ProcessEnv): string {
  return join(nonEmpty(env.XDG_STATE_HOME) ?? join(homedir(), '.local', 'state'), 'gatehouse');
}
