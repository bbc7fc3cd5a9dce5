/** Why a node refused a snapshot; stable, for log lines and metric labels. */
export const SNAPSHOT_REFUSAL_REASONS = [
  'unsigned',
  'unknown-key',
  'bad-signature',
  'invalid-payload',
  'content-hash-mismatch',
  'stale-version',
  'wrong-fleet',
] as const;

export type SnapshotRefusalReason = (typeof SNAPSHOT_REFUSAL_REASONS)[number];

export class SnapshotVerificationError extends Error {
  constructor(
    readonly reason: SnapshotRefusalReason,
    detail: string,
    options?: ErrorOptions,
  ) {
    super(`snapshot refused (${reason}): ${detail}`, options);
    this.name = 'SnapshotVerificationError';
  }
}
