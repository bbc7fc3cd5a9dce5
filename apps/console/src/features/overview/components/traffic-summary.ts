import type { AuditStatsBucket } from '@gatehouse/contracts';

export interface TrafficSummary {
  readonly callsPerSecond: number;
  readonly errorRate: number;
  readonly p95LatencyMs: number | null;
  readonly rateLimited: number;
  readonly refused: number;
  readonly calls: number;
}

/** Totals over the window: calls/s, error rate, the worst minute's p95, refusals. */
export function summarise(buckets: readonly AuditStatsBucket[], minutes: number): TrafficSummary {
  const calls = buckets.reduce((sum, bucket) => sum + bucket.calls, 0);
  const errors = buckets.reduce((sum, bucket) => sum + bucket.errors, 0);
  const p95s = buckets
    .map((bucket) => bucket.p95LatencyMs)
    .filter((value): value is number => value !== null);
  return {
    calls,
    callsPerSecond: calls / (minutes * 60),
    errorRate: calls === 0 ? 0 : errors / calls,
    p95LatencyMs: p95s.length === 0 ? null : Math.max(...p95s),
    rateLimited: buckets.reduce((sum, bucket) => sum + bucket.rateLimited, 0),
    refused: buckets.reduce((sum, bucket) => sum + bucket.refused, 0),
  };
}
