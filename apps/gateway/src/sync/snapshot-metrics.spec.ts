import { describe, expect, it } from 'vitest';
import { SnapshotMetrics } from './snapshot-metrics.js';

describe('SnapshotMetrics', () => {
  it('counts refusals by reason, every reason present from the start', () => {
    const metrics = new SnapshotMetrics();
    metrics.refused('wrong-fleet');
    metrics.refused('wrong-fleet');
    metrics.refused('unsigned');
    const text = metrics.toPrometheusText();
    expect(metrics.refusedTotal('wrong-fleet')).toBe(2);
    expect(text).toContain('snapshot_refused_total{reason="wrong-fleet"} 2');
    expect(text).toContain('snapshot_refused_total{reason="unsigned"} 1');
    expect(text).toContain('snapshot_refused_total{reason="bad-signature"} 0');
    expect(text).toContain('# TYPE snapshot_refused_total counter');
  });

  it('reports the applied version only once there is one with a version', () => {
    const metrics = new SnapshotMetrics();
    expect(metrics.toPrometheusText()).not.toContain('snapshot_applied_version');
    metrics.applied(null, new Date(1_000_000));
    expect(metrics.toPrometheusText()).not.toContain('snapshot_applied_version ');
    metrics.applied(42, new Date(2_000_000));
    const text = metrics.toPrometheusText();
    expect(text).toContain('snapshot_applied_version 42');
    expect(text).toContain('snapshot_applied_total 2');
    expect(text).toContain('snapshot_last_applied_timestamp_seconds 2000');
  });

  it('counts failed pulls by kind', () => {
    const metrics = new SnapshotMetrics();
    metrics.pullFailed('unreachable');
    expect(metrics.pullFailures('unreachable')).toBe(1);
    expect(metrics.toPrometheusText()).toContain(
      'snapshot_pull_failed_total{kind="unreachable"} 1',
    );
  });
});
