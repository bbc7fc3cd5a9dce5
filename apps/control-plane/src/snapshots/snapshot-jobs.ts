import { z } from 'zod';

/** The BullMQ queue of snapshot work. */
export const SNAPSHOTS_QUEUE = 'snapshots';

export enum SnapshotJobName {
  /** Compile, sign and store one fleet's snapshot if its content changed. */
  BuildSnapshot = 'build-snapshot',
  /** Queue a build of every fleet (after a change of shared config, at boot, on a schedule). */
  RebuildAll = 'rebuild-all',
}

export const buildSnapshotPayloadSchema = z.strictObject({ fleetId: z.uuid() });
export type BuildSnapshotPayload = z.infer<typeof buildSnapshotPayloadSchema>;

export const rebuildAllPayloadSchema = z.strictObject({
  reason: z.string().max(200),
});
export type RebuildAllPayload = z.infer<typeof rebuildAllPayloadSchema>;

export type SnapshotJobPayload = BuildSnapshotPayload | RebuildAllPayload;
