import { GatewayConfigError } from '@gatehouse/contracts';
import {
  GENERATE_KEY_USAGE,
  generateKeyCommand,
  parseGenerateKeyArgs,
} from './cli/generate-key-command.js';
import { GATEWAY_USAGE, UsageError, parseGatewayArgs } from './cli/parse-gateway-args.js';
import { runGateway } from './cli/run-gateway.js';
import {
  SIGN_SNAPSHOT_USAGE,
  parseSignSnapshotArgs,
  signSnapshotCommand,
} from './cli/sign-snapshot-command.js';
import { ConfigSourceError } from './config/config-source-error.js';

const USAGE = `Usage: gatehouse <command> [options]

Commands:
  gateway          run a gateway node (see: gatehouse gateway --help)
  snapshot sign    sign a config as a snapshot for a DB-less node (see: gatehouse snapshot sign --help)
  keys generate    make a key pair for signing snapshots (see: gatehouse keys generate --help)`;

/** Which usage text goes with an error, so a usage error prints the right one. */
let usage = USAGE;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return command === undefined ? 2 : 0;
  }
  const wantsHelp = rest.includes('--help') || rest.includes('-h');
  if (command === 'gateway') {
    usage = GATEWAY_USAGE;
    if (wantsHelp) return help(usage);
    return gateway(rest);
  }
  const [sub, ...options] = rest;
  if (command === 'snapshot' && sub === 'sign') {
    usage = SIGN_SNAPSHOT_USAGE;
    if (wantsHelp) return help(usage);
    const args = parseSignSnapshotArgs(options);
    const jws = await signSnapshotCommand(args);
    if (args.out === undefined) process.stdout.write(`${jws}\n`);
    return 0;
  }
  if (command === 'keys' && sub === 'generate') {
    usage = GENERATE_KEY_USAGE;
    if (wantsHelp) return help(usage);
    const generated = await generateKeyCommand(parseGenerateKeyArgs(options));
    process.stdout.write(
      `key id ${generated.kid}\n  signing key (keep private): ${generated.signingKeyFile}\n  public key (--trusted-keys): ${generated.publicKeyFile}\n`,
    );
    return 0;
  }
  process.stderr.write(`gatehouse: unknown command "${argv.slice(0, 2).join(' ')}"\n${USAGE}\n`);
  return 2;
}

function help(text: string): number {
  process.stdout.write(`${text}\n`);
  return 0;
}

async function gateway(argv: string[]): Promise<number> {
  const args = parseGatewayArgs(argv);
  // Stdio upstreams inherit the node's environment: the credential must not travel with it.
  delete process.env.GATEHOUSE_NODE_CREDENTIAL;
  const running = await runGateway(args);
  process.stdout.write(
    running.holder.runtime === undefined
      ? `\nGatehouse gateway listening; it serves MCP at ${running.url} once its first snapshot arrives (see /readyz).\n\n`
      : `\nGatehouse gateway ready. Point your MCP client at: ${running.url}\n\n`,
  );
  await new Promise<void>((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      running.logger.info({ signal }, 'shutting down: draining in-flight requests');
      running.stop().then(resolve, resolve);
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  });
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError)
      process.stderr.write(`gatehouse: ${error.message}\n\n${usage}\n`);
    else if (error instanceof GatewayConfigError || error instanceof ConfigSourceError)
      process.stderr.write(`gatehouse: ${error.message}\n`);
    else
      process.stderr.write(
        `gatehouse: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
    process.exitCode = error instanceof UsageError ? 2 : 1;
  },
);
