// Entry point of the Gatehouse schema engine: a drop-in for Prisma's native schema-engine
// binary (PRISMA_SCHEMA_ENGINE_BINARY) that needs no download, so Prisma migrations work
// offline and in air-gapped sites. See docs/air-gapped-install.md.
import { parseEngineArgs } from './args.js';
import { describeCharColumnsAsText } from './char-type.js';
import { runCliCommand } from './cli-mode.js';
import { logLine } from './errors.js';
import { SchemaEngineServer } from './server.js';
import { wasmEngineVersion } from './wasm-engine.js';

function writeStderr(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** stdout carries JSON-RPC only: anything a dependency logs goes to stderr instead. */
function keepStdoutForProtocol(): void {
  const toStderr = (...values: unknown[]): void => {
    writeStderr(
      values.map((value) => (typeof value === 'string' ? value : JSON.stringify(value))).join(' '),
    );
  };
  console.log = toStderr;
  console.info = toStderr;
  console.debug = toStderr;
}

export async function runSchemaEngine(argv: readonly string[]): Promise<number> {
  let args;
  try {
    args = parseEngineArgs(argv);
  } catch (error) {
    writeStderr(logLine('ERROR', error instanceof Error ? error.message : String(error)));
    return 1;
  }
  if (args.version) {
    process.stdout.write(`schema-engine-cli ${await wasmEngineVersion()} (gatehouse, wasm)\n`);
    return 0;
  }
  if (args.cliCommand) {
    return runCliCommand(args.cliCommand, args.datasource.url, { stderr: writeStderr });
  }

  keepStdoutForProtocol();
  describeCharColumnsAsText();
  const server = new SchemaEngineServer(args, {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: writeStderr,
  });

  const shutDown = (code: number): void => {
    void server.close().finally(() => process.exit(code));
  };
  // The CLI ends a session by closing stdin and, on Linux, sending SIGTERM right away:
  // drop any shadow database still around before going.
  process.once('SIGTERM', () => shutDown(0));
  process.once('SIGINT', () => shutDown(130));
  // A Wasm trap or a bad parameter surfaces as an uncaught exception with the request's
  // promise left pending: answer that request, then exit as the native engine does (101).
  process.on('uncaughtException', (error) => {
    writeStderr(logLine('ERROR', error.message));
    server.failInFlight(error);
    shutDown(101);
  });

  await server.serve();
  await server.close();
  return 0;
}
