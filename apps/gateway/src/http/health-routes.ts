import type { FastifyInstance } from 'fastify';
import type { MetricsPipeline } from '../metrics/metrics-pipeline.js';
import type { RuntimeHolder } from '../runtime/runtime-holder.js';
import type { SnapshotMetrics } from '../sync/snapshot-metrics.js';

export interface HealthRouteDeps {
  readonly holder: RuntimeHolder;
  readonly metrics: SnapshotMetrics;
  /** The OpenTelemetry instruments (limits, later calls and latency), in Prometheus text. */
  readonly telemetry?: MetricsPipeline;
  readonly isDraining: () => boolean;
}

/**
 * Liveness says the process serves; readiness says a config is in force and every upstream was
 * probed, and which snapshot (version, source) that is, so an operator can see a fleet converge.
 */
export function registerHealthRoutes(app: FastifyInstance, deps: HealthRouteDeps): void {
  const { holder, metrics, telemetry, isDraining } = deps;
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const runtime = holder.runtime;
    const snapshot = holder.snapshot ?? null;
    if (runtime === undefined) {
      return reply.code(503).send({
        status: isDraining() ? 'draining' : 'starting',
        reason: holder.waitingReason,
        snapshot,
        upstreams: {},
      });
    }
    const ready = runtime.ready && !isDraining();
    return reply.code(ready ? 200 : 503).send({
      status: ready ? 'ready' : isDraining() ? 'draining' : 'starting',
      ...(ready
        ? {}
        : {
            reason: isDraining()
              ? 'the node is draining'
              : 'probing upstreams of the configuration in force',
          }),
      snapshot,
      configGeneration: runtime.current.generation,
      upstreams: runtime.upstreamHealth(),
    });
  });
  app.get('/metrics', async (_request, reply) => {
    const instruments = telemetry === undefined ? '' : await telemetry.prometheusText();
    return reply
      .header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
      .send(metrics.toPrometheusText() + instruments);
  });
}
