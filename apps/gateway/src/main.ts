import { GatewayConfigError } from '@gatehouse/contracts';
import { GATEWAY_USAGE, UsageError, parseGatewayArgs } from './cli/parse-gateway-args.js';
import { runGateway } from './cli/run-gateway.js';

const USAGE = `Usage: gatehouse <command> [options]

Commands:
  gateway   run a gateway node (see: gatehouse gateway --help)`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h') {
    process.stdout.write(`${USAGE}\n`);
    return command === undefined ? 2 : 0;
  }
  if (command !== 'gateway') {
    process.stderr.write(`gatehouse: unknown command "${command}"\n${USAGE}\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${GATEWAY_USAGE}\n`);
    return 0;
  }
  const gateway = await runGateway(parseGatewayArgs(rest));
  process.stdout.write(`\nGatehouse gateway ready. Point your MCP client at: ${gateway.url}\n\n`);
  await new Promise<void>((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      gateway.logger.info({ signal }, 'shutting down: draining in-flight requests');
      gateway.stop().then(resolve, resolve);
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
      process.stderr.write(`gatehouse: ${error.message}\n\n${GATEWAY_USAGE}\n`);
    else if (error instanceof GatewayConfigError)
      process.stderr.write(`gatehouse: ${error.message}\n`);
    else
      process.stderr.write(
        `gatehouse: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
    process.exitCode = error instanceof UsageError ? 2 : 1;
  },
);
