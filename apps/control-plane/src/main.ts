// The control plane's entry point: parse the environment once, build the app, listen,
// and on SIGTERM/SIGINT stop taking requests and close connections before exiting.
import { createApp } from './app/create-app.js';
import { startTelemetry } from '@gatehouse/telemetry';
import { ConfigError, loadConfig } from './config/load-config.js';
import type { AppConfig } from './config/app-config.js';

/** Time allowed for in-flight requests and pools to close before the process gives up on them. */
const shutdownGraceMs = 10_000;

function configOrExit(): AppConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(78); // EX_CONFIG
  }
}

const config = configOrExit();
// OTLP export when the standard OTEL_* variables say where (docs/audit.md); off otherwise.
const telemetry = startTelemetry('gatehouse-control-plane');
const app = await createApp(config);
const log = app.getHttpAdapter().getInstance().log;

let stopping = false;
function stop(signal: NodeJS.Signals): void {
  if (stopping) return;
  stopping = true;
  log.info(`${signal} received: shutting down`);
  // Should a handle refuse to close, exit anyway rather than hang a rollout.
  setTimeout(() => {
    log.error(`shutdown took longer than ${shutdownGraceMs} ms; exiting`);
    process.exit(1);
  }, shutdownGraceMs).unref();
  // Nest's own shutdown hooks re-raise the signal (exit 143); an orderly stop here exits 0.
  app.close().then(
    async () => {
      await telemetry.shutdown().catch(() => undefined);
      process.exitCode = 0;
    },
    (error: unknown) => {
      log.error({ err: error }, 'shutdown failed');
      process.exitCode = 1;
    },
  );
}
process.once('SIGTERM', stop);
process.once('SIGINT', stop);

await app.listen({ host: config.http.host, port: config.http.port });
log.info(`control plane listening on http://${config.http.host}:${config.http.port}`);
