import { homedir } from 'node:os';
import { join } from 'node:path';
import { listenSchema } from '@gatehouse/contracts';
import type { Logger } from 'pino';
import { startAuditFromEnv } from '../audit/audit-from-env.js';
import { observeAuditSink } from '../audit/audit-metrics.js';
import { MetricsPipeline } from '../metrics/metrics-pipeline.js';
import { startMetricsServer } from '../telemetry/metrics-server.js';
import type { MetricsServer } from '../telemetry/metrics-server.js';
import { startTelemetry } from '@gatehouse/telemetry';
import { startFileConfigSource } from '../config/config-file-source.js';
import { createGatewayServer } from '../http/gateway-server.js';
import { createLogger } from '../logging/create-logger.js';
import { RuntimeHolder } from '../runtime/runtime-holder.js';
import { startControlPlaneSource } from '../sync/control-plane-source.js';
import { SnapshotMetrics } from '../sync/snapshot-metrics.js';
import type { ControlPlaneModeArgs, GatewayArgs } from './parse-gateway-args.js';

export interface RunningGateway {
  url: string;
  logger: Logger;
  holder: RuntimeHolder;
  metrics: SnapshotMetrics;
  /** The id heartbeats report; control-plane mode only. */
  nodeId?: string;
  stop(): Promise<void>;
}

interface Source {
  stop(): Promise<void> | void;
}

/** Before any config arrives there is no grace in force; this one bounds the wait on stop. */
const DEFAULT_SHUTDOWN_GRACE_MS = 10_000;

/**
 * Starts a node from its config source (a local file, or the control plane), listens, keeps the
 * config current while it runs, and drains on stop.
 */
export async function runGateway(args: GatewayArgs): Promise<RunningGateway> {
  // OTLP export when the standard OTEL_* variables say where; W3C propagation always.
  const otel = startTelemetry('gatehouse-gateway');
  const logger = createLogger(args.logLevel);
  const metrics = new SnapshotMetrics();
  const holder = new RuntimeHolder(logger, listenOverrides(args));
  const telemetry = new MetricsPipeline({ readers: otel.metricReaders });
  const audit = await startAuditFromEnv({
    ...(args.mode === 'control-plane' && args.nodeId !== undefined ? { nodeId: args.nodeId } : {}),
    stateDir: args.mode === 'control-plane' ? args.stateDir : fileModeStateDir(),
    logger,
  });
  const server = createGatewayServer(holder, metrics, logger, telemetry, audit?.emitter);
  if (audit) observeAuditSink(telemetry.metrics.meter, () => audit.sink.stats());
  let metricsServer: MetricsServer | undefined;
  const metricsPort = process.env['GATEHOUSE_METRICS_PORT'];
  if (metricsPort !== undefined && metricsPort !== '') {
    metricsServer = await startMetricsServer(
      process.env['GATEHOUSE_METRICS_HOST'] ?? '127.0.0.1',
      Number(metricsPort),
      async () => metrics.toPrometheusText() + (await telemetry.prometheusText()),
    );
    logger.info({ metrics: metricsServer.url }, 'Prometheus metrics on their own port');
  }
  audit?.emitter.node('node.start', { mode: args.mode });
  let source: Source;
  let nodeId: string | undefined;
  try {
    if (args.mode === 'file') {
      source = await startFileConfigSource({
        path: args.config,
        allowUnsigned: args.allowUnsigned,
        trustedKeysFile: args.trustedKeys,
        fleetId: args.fleetId,
        holder,
        metrics,
        logger,
      });
    } else {
      warnOnPlainHttp(args, logger);
      const controlPlane = await startControlPlaneSource({
        controlPlaneUrl: args.controlPlaneUrl,
        fleetId: args.fleetId,
        credential: args.credential,
        trustedKeysFile: args.trustedKeys,
        stateDir: args.stateDir,
        nodeId: args.nodeId,
        heartbeatIntervalMs: args.heartbeatIntervalSeconds * 1000,
        waitSeconds: args.longPollSeconds,
        backoff: args.syncBackoff,
        holder,
        metrics,
        logger,
      });
      nodeId = controlPlane.nodeId;
      source = controlPlane;
    }
  } catch (error) {
    await holder.close();
    await server.app.close();
    throw error;
  }

  // A file node has its config by now; a control-plane node may not, and listens regardless so
  // that /readyz can say what it waits for.
  const runtime = holder.runtime;
  const listen = listenSchema.parse({
    ...(runtime === undefined ? {} : runtime.current.config.listen),
    ...listenOverrides(args),
  });
  try {
    await server.app.listen({ host: listen.host, port: listen.port });
  } catch (error) {
    await source.stop();
    await holder.close();
    throw error;
  }
  const address = server.app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : listen.port;
  const host = listen.host.includes(':') ? `[${listen.host}]` : listen.host;
  // Until the first snapshot says otherwise, the path a fleet's snapshot would most likely use.
  const url = `http://${host}:${port}${holder.mcpPath ?? listen.path}`;
  logger.info(
    {
      url,
      ...(args.mode === 'file'
        ? { config: args.config }
        : { controlPlane: args.controlPlaneUrl.origin, fleetId: args.fleetId }),
    },
    'gateway listening',
  );
  let stopping: Promise<void> | undefined;
  return {
    url,
    logger,
    holder,
    metrics,
    ...(nodeId === undefined ? {} : { nodeId }),
    stop() {
      stopping ??= (async () => {
        await source.stop();
        const grace =
          holder.runtime?.current.config.limits.shutdownGraceMs ?? DEFAULT_SHUTDOWN_GRACE_MS;
        await server.drain(grace);
        await holder.close();
        audit?.emitter.node('node.stop', { mode: args.mode });
        await audit?.sink.close();
        await metricsServer?.close();
        await telemetry.shutdown();
        await otel.shutdown().catch(() => undefined);
        logger.info('gateway stopped');
      })();
      return stopping;
    },
  };
}

/** Where a file-mode node keeps its state (the audit spool): GATEHOUSE_STATE_DIR or XDG's. */
function fileModeStateDir(): string {
  const explicit = process.env['GATEHOUSE_STATE_DIR'];
  if (explicit !== undefined && explicit !== '') return explicit;
  return join(process.env['XDG_STATE_HOME'] ?? join(homedir(), '.local', 'state'), 'gatehouse');
}

/**
 * What the command line fixes. A control-plane node takes host and port from there only (its
 * defaults filled in): a fleet shares one snapshot, and nodes listen where their host says.
 */
function listenOverrides(args: GatewayArgs): { host?: string; port?: number } {
  if (args.mode === 'control-plane') {
    const defaults = listenSchema.parse({});
    return { host: args.host ?? defaults.host, port: args.port ?? defaults.port };
  }
  return {
    ...(args.host === undefined ? {} : { host: args.host }),
    ...(args.port === undefined ? {} : { port: args.port }),
  };
}

/** Snapshots are signed, so a plain-HTTP control plane cannot forge one, but the credential travels in clear. */
function warnOnPlainHttp(args: ControlPlaneModeArgs, logger: Logger): void {
  const { protocol, hostname } = args.controlPlaneUrl;
  const loopback = hostname === 'localhost' || hostname === '[::1]' || hostname.startsWith('127.');
  if (protocol === 'http:' && !loopback) {
    logger.warn(
      { controlPlane: args.controlPlaneUrl.origin },
      'the control plane is reached over plain HTTP: the node credential is sent unencrypted; use https',
    );
  }
}
