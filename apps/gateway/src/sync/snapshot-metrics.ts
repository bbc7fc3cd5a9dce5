import { SNAPSHOT_REFUSAL_REASONS, type SnapshotRefusalReason } from '@gatehouse/signing';

/** Why a pull failed before any snapshot could be judged. */
export type SnapshotPullFailure = 'unreachable' | 'unauthorized' | 'no-snapshot' | 'http-error';

/**
 * The node's snapshot counters, kept in process and served as Prometheus text on /metrics. A
 * small object of our own until the observability issue brings a metrics library; the names
 * and labels are the ones that will stay.
 */
export class SnapshotMetrics {
  readonly #refused = new Map<SnapshotRefusalReason, number>(
    SNAPSHOT_REFUSAL_REASONS.map((reason) => [reason, 0]),
  );
  readonly #pullFailures = new Map<SnapshotPullFailure, number>();
  #appliedVersion: number | undefined;
  #appliedTotal = 0;
  #applyFailures = 0;
  #lastAppliedSeconds: number | undefined;

  refused(reason: SnapshotRefusalReason): void {
    this.#refused.set(reason, (this.#refused.get(reason) ?? 0) + 1);
  }

  refusedTotal(reason: SnapshotRefusalReason): number {
    return this.#refused.get(reason) ?? 0;
  }

  /** `version` is null for an unsigned file: applied, but with no version to report. */
  applied(version: number | null, at: Date = new Date()): void {
    this.#appliedTotal += 1;
    this.#appliedVersion = version ?? undefined;
    this.#lastAppliedSeconds = at.getTime() / 1000;
  }

  get appliedVersion(): number | undefined {
    return this.#appliedVersion;
  }

  get appliedTotal(): number {
    return this.#appliedTotal;
  }

  applyFailed(): void {
    this.#applyFailures += 1;
  }

  pullFailed(kind: SnapshotPullFailure): void {
    this.#pullFailures.set(kind, (this.#pullFailures.get(kind) ?? 0) + 1);
  }

  pullFailures(kind: SnapshotPullFailure): number {
    return this.#pullFailures.get(kind) ?? 0;
  }

  /** The Prometheus text exposition format (version 0.0.4). */
  toPrometheusText(): string {
    const lines: string[] = [
      '# HELP snapshot_refused_total Config snapshots this node refused, by reason.',
      '# TYPE snapshot_refused_total counter',
      ...[...this.#refused].map(
        ([reason, count]) => `snapshot_refused_total{reason="${reason}"} ${count}`,
      ),
      '# HELP snapshot_applied_total Config snapshots this node applied.',
      '# TYPE snapshot_applied_total counter',
      `snapshot_applied_total ${this.#appliedTotal}`,
      '# HELP snapshot_apply_failed_total Verified snapshots the runtime failed to apply.',
      '# TYPE snapshot_apply_failed_total counter',
      `snapshot_apply_failed_total ${this.#applyFailures}`,
      '# HELP snapshot_pull_failed_total Snapshot pulls from the control plane that failed.',
      '# TYPE snapshot_pull_failed_total counter',
      ...[...this.#pullFailures].map(
        ([kind, count]) => `snapshot_pull_failed_total{kind="${kind}"} ${count}`,
      ),
    ];
    if (this.#appliedVersion !== undefined) {
      lines.push(
        '# HELP snapshot_applied_version Version of the snapshot in force.',
        '# TYPE snapshot_applied_version gauge',
        `snapshot_applied_version ${this.#appliedVersion}`,
      );
    }
    if (this.#lastAppliedSeconds !== undefined) {
      lines.push(
        '# HELP snapshot_last_applied_timestamp_seconds When the snapshot in force was applied.',
        '# TYPE snapshot_last_applied_timestamp_seconds gauge',
        `snapshot_last_applied_timestamp_seconds ${this.#lastAppliedSeconds}`,
      );
    }
    return `${lines.join('\n')}\n`;
  }
}
