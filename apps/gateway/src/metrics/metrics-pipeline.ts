import { PrometheusExporter, PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import { MeterProvider, type MetricReader } from '@opentelemetry/sdk-metrics';
import { GatewayMetrics } from './gateway-metrics.js';

export interface MetricsPipelineOptions {
  /** More readers (an OTLP exporter) beside the Prometheus one that serves /metrics. */
  readonly readers?: readonly MetricReader[];
}

/**
 * The node's MeterProvider and its readers: Prometheus text for the /metrics route (no server
 * of its own) plus whatever readers the caller adds. One per node.
 */
export class MetricsPipeline {
  readonly provider: MeterProvider;
  readonly metrics: GatewayMetrics;
  readonly #prometheus: PrometheusExporter;
  readonly #serializer = new PrometheusSerializer('', false, undefined, true, true);

  constructor(options: MetricsPipelineOptions = {}) {
    this.#prometheus = new PrometheusExporter({
      preventServerStart: true,
      withoutScopeInfo: true,
      withoutTargetInfo: true,
    });
    this.provider = new MeterProvider({
      readers: [this.#prometheus, ...(options.readers ?? [])],
    });
    this.metrics = new GatewayMetrics(this.provider.getMeter('gatehouse-gateway'));
  }

  /** Every instrument, in the Prometheus text exposition format. */
  async prometheusText(): Promise<string> {
    const { resourceMetrics } = await this.#prometheus.collect();
    return this.#serializer.serialize(resourceMetrics);
  }

  async shutdown(): Promise<void> {
    await this.provider.shutdown();
  }
}
