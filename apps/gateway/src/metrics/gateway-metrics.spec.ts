import { describe, expect, it } from 'vitest';
import { MetricsPipeline } from './metrics-pipeline.js';

describe('GatewayMetrics on the Prometheus reader', () => {
  it('serves each instrument with its labels', async () => {
    const pipeline = new MetricsPipeline();
    const { metrics } = pipeline;
    metrics.rateLimited('acme');
    metrics.rateLimited('acme');
    metrics.budgetExceeded('acme', 'cost');
    metrics.callRejected('acme', 'queue_full');
    metrics.observeQueueDepths(() => [
      { tool: 'tools__slow', depth: 2 },
      { tool: 'tools__slow', depth: 1 },
    ]);
    metrics.observeBreakerStates(() => [{ upstream: 'tools', tool: 'flaky', state: 1 }]);
    const text = await pipeline.prometheusText();
    expect(text).toContain('# TYPE rate_limited_total counter');
    expect(text).toMatch(/rate_limited_total\{tenant="acme"\} 2/);
    expect(text).toMatch(/budget_exceeded_total\{tenant="acme",budget_type="cost"\} 1/);
    expect(text).toMatch(/calls_rejected_total\{tenant="acme",reason="queue_full"\} 1/);
    expect(text).toMatch(/concurrency_queue_depth\{tool="tools__slow"\} 3/);
    expect(text).toMatch(/circuit_breaker_state\{upstream="tools",tool="flaky"\} 1/);
    expect(text).not.toContain('target_info');
    await pipeline.shutdown();
  });
});
