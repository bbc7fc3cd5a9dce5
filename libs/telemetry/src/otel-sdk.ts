import { context, propagation } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  CompositePropagator,
  W3CBaggagePropagator,
  W3CTraceContextPropagator,
} from '@opentelemetry/core';
import { OTLPMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import type { MetricReader } from '@opentelemetry/sdk-metrics';
import { NodeSDK } from '@opentelemetry/sdk-node';

export interface Telemetry {
  /** Whether spans are exported (an OTLP endpoint is configured). */
  readonly tracing: boolean;
  /** Readers to add to the node's MeterProvider (OTLP metrics), empty when not configured. */
  readonly metricReaders: MetricReader[];
  shutdown(): Promise<void>;
}

function set(value: string | undefined): boolean {
  return value !== undefined && value.trim() !== '';
}

/**
 * OpenTelemetry for a process, configured by the standard variables only: traces are
 * exported over OTLP/HTTP when `OTEL_EXPORTER_OTLP_ENDPOINT` or
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` is set (and `OTEL_SDK_DISABLED` is not `true`);
 * metrics likewise with `..._METRICS_ENDPOINT` (the exporters read the rest themselves:
 * headers, timeouts, `OTEL_SERVICE_NAME`, `OTEL_RESOURCE_ATTRIBUTES`). Off when unset.
 *
 * W3C `traceparent`/`tracestate` (and baggage) propagation is on either way, so a client's
 * trace context still reaches whatever this process calls while it exports nothing itself.
 */
export function startTelemetry(
  serviceName: string,
  env: NodeJS.ProcessEnv = process.env,
): Telemetry {
  const disabled = env['OTEL_SDK_DISABLED']?.toLowerCase() === 'true';
  const traces =
    !disabled &&
    (set(env['OTEL_EXPORTER_OTLP_ENDPOINT']) || set(env['OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'])) &&
    env['OTEL_TRACES_EXPORTER'] !== 'none';
  const metrics =
    !disabled &&
    (set(env['OTEL_EXPORTER_OTLP_ENDPOINT']) || set(env['OTEL_EXPORTER_OTLP_METRICS_ENDPOINT'])) &&
    env['OTEL_METRICS_EXPORTER'] !== 'none';
  const propagator = new CompositePropagator({
    propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
  });
  const metricReaders: MetricReader[] = metrics
    ? [new PeriodicExportingMetricReader({ exporter: new OTLPMetricExporter() })]
    : [];
  if (!traces) {
    const manager = new AsyncLocalStorageContextManager().enable();
    context.setGlobalContextManager(manager);
    propagation.setGlobalPropagator(propagator);
    return {
      tracing: false,
      metricReaders,
      shutdown: async () => {
        await Promise.all(metricReaders.map((reader) => reader.shutdown()));
      },
    };
  }
  const sdk = new NodeSDK({
    serviceName: env['OTEL_SERVICE_NAME'] ?? serviceName,
    traceExporter: new OTLPTraceExporter(),
    textMapPropagator: propagator,
    contextManager: new AsyncLocalStorageContextManager(),
    // No auto-instrumentation: the spans that matter (MCP request, upstream call) are ours.
    instrumentations: [],
  });
  sdk.start();
  return {
    tracing: true,
    metricReaders,
    shutdown: async () => {
      await Promise.all([sdk.shutdown(), ...metricReaders.map((reader) => reader.shutdown())]);
    },
  };
}
