import { DEFAULT_MAX_BODY_BYTES } from '@gatehouse/contracts';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { AuditEmitter } from '../audit/audit-emitter.js';
import { registerProtectedResourceRoutes } from '../auth/protected-resource-routes.js';
import { JsonRpcErrorCode, errorResponse } from '../jsonrpc/jsonrpc-errors.js';
import { CallGovernor } from '../limits/call-governor.js';
import { SessionStreams } from '../mcp/session-streams.js';
import { VirtualServer } from '../mcp/virtual-server.js';
import { MetricsPipeline } from '../metrics/metrics-pipeline.js';
import type { RuntimeHolder } from '../runtime/runtime-holder.js';
import type { SnapshotMetrics } from '../sync/snapshot-metrics.js';
import { readLimitedBody } from './body-reader.js';
import { registerHealthRoutes } from './health-routes.js';
import { registerMcpRoutes } from './mcp-routes.js';

export interface GatewayServer {
  app: FastifyInstance;
  streams: SessionStreams;
  /** The node's meters; /metrics serves them beside the snapshot series. */
  telemetry: MetricsPipeline;
  /** Stops taking requests, lets in-flight ones finish within the grace, then closes. */
  drain(graceMs: number): Promise<void>;
}

const LIST_CHANGED = [
  'notifications/tools/list_changed',
  'notifications/prompts/list_changed',
  'notifications/resources/list_changed',
];

/**
 * The node's HTTP server. It can start before any config is in force (a control-plane node
 * waiting for its first snapshot): health routes answer, MCP requests get 503 until then.
 */
export function createGatewayServer(
  holder: RuntimeHolder,
  metrics: SnapshotMetrics,
  logger: Logger,
  telemetry: MetricsPipeline = new MetricsPipeline(),
  /** The node's audit trail; absent = calls are counted in metrics only. */
  audit?: AuditEmitter,
): GatewayServer {
  const app = Fastify({
    logger: false,
    bodyLimit: 256 * 1024 * 1024,
    forceCloseConnections: false,
    return503OnClosing: true,
  });
  const governor = new CallGovernor({ metrics: telemetry.metrics, logger });
  const server = new VirtualServer(logger, governor, {
    emitter: audit,
    metrics: telemetry.metrics,
  });
  const streams = new SessionStreams(server.sessions, server.relay, logger);
  let draining = false;

  // Every body is read by us, against the limit in force now; the route checks the media type.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (request, payload, done) => {
    const limit = holder.runtime?.current.config.limits.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
    readLimitedBody(payload, limit).then(
      (body) => done(null, body),
      (error: Error) => done(error, undefined),
    );
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status =
      typeof error.statusCode === 'number' && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) logger.error({ err: error.message, url: request.url }, 'request failed');
    const message = status >= 500 ? 'Internal error' : error.message;
    return reply
      .code(status)
      .header('content-type', 'application/json')
      .send(
        errorResponse(
          null,
          status >= 500 ? JsonRpcErrorCode.InternalError : JsonRpcErrorCode.InvalidRequest,
          message,
        ),
      );
  });

  app.addHook('onResponse', (request, reply, done) => {
    logger.debug(
      {
        method: request.method,
        url: request.url,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      'request',
    );
    done();
  });

  registerHealthRoutes(app, { holder, metrics, telemetry, isDraining: () => draining });
  registerProtectedResourceRoutes(app, holder);
  registerMcpRoutes(app, { holder, server, streams, metrics: telemetry.metrics, logger });

  holder.onChange(() => {
    for (const method of LIST_CHANGED) streams.broadcast({ jsonrpc: '2.0', method });
  });

  return {
    app,
    streams,
    telemetry,
    async drain(graceMs: number) {
      draining = true;
      streams.closeAll();
      let timer: NodeJS.Timeout | undefined;
      const deadline = new Promise<void>((resolve) => {
        timer = setTimeout(() => {
          logger.warn({ graceMs }, 'drain grace over; closing remaining connections');
          app.server.closeAllConnections();
          resolve();
        }, graceMs);
      });
      await Promise.race([app.close(), deadline]);
      clearTimeout(timer);
      await governor.close();
      await telemetry.shutdown();
    },
  };
}
