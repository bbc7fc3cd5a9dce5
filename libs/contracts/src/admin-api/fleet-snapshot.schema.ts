import { z } from 'zod';
import {
  isoDateTimeSchema,
  pageQuerySchema,
  pageSchemaOf,
  resourceIdSchema,
} from './common.schema.js';

/** Longest a node's long-poll is held open; longer waits are shortened to it. */
export const MAX_SNAPSHOT_WAIT_SECONDS = 60;

/** A stored snapshot as admins see it: what was signed, not the config itself. */
export const fleetSnapshotSchema = z
  .object({
    fleetId: resourceIdSchema,
    version: z.int().positive().describe('Monotonic per fleet; also the ETag nodes poll with'),
    contentHash: z.string().describe('SHA-256 of the canonical JSON of the config'),
    keyId: z.string().describe('The signing key (JWK thumbprint), as listed by /signing-keys'),
    sizeBytes: z.int().describe('Size of the JWS nodes download'),
    createdAt: isoDateTimeSchema,
  })
  .meta({ id: 'FleetSnapshot' });
export type FleetSnapshot = z.infer<typeof fleetSnapshotSchema>;

export const fleetSnapshotPageSchema = pageSchemaOf(fleetSnapshotSchema).meta({
  id: 'FleetSnapshotPage',
});
export type FleetSnapshotPage = z.infer<typeof fleetSnapshotPageSchema>;

export const listFleetSnapshotsQuerySchema = pageQuerySchema;
export type ListFleetSnapshotsQuery = z.infer<typeof listFleetSnapshotsQuerySchema>;

export const snapshotBuildResultSchema = z
  .object({
    outcome: z
      .enum(['created', 'unchanged'])
      .describe(
        '`created`: the config changed (or the signing key did), a new version was stored; `unchanged`: the newest version already has this content',
      ),
    snapshot: fleetSnapshotSchema,
  })
  .meta({ id: 'SnapshotBuildResult' });
export type SnapshotBuildResult = z.infer<typeof snapshotBuildResultSchema>;

/**
 * The node's long-poll. Not strict, like every node-facing input: a newer node may send a
 * parameter this control plane does not know yet.
 */
export const snapshotPullQuerySchema = z.object({
  wait: z.coerce
    .number()
    .int('must be a whole number of seconds')
    .min(0, 'must not be negative')
    .default(0)
    .transform((seconds) => Math.min(seconds, MAX_SNAPSHOT_WAIT_SECONDS))
    .describe(
      `With If-None-Match: hold the request up to this many seconds (at most ${MAX_SNAPSHOT_WAIT_SECONDS}) until a newer version exists`,
    ),
});
export type SnapshotPullQuery = z.infer<typeof snapshotPullQuerySchema>;
