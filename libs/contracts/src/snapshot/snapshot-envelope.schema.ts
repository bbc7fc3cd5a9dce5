import { z } from 'zod';
import { gatewayConfigSchema } from '../gateway-config/gateway-config.schema.js';

/** Lower-case hex SHA-256, as node:crypto's `digest('hex')` writes it. */
export const sha256HexSchema = z
  .string()
  .regex(/^[0-9a-f]{64}$/, 'must be a lower-case hex SHA-256 digest');

/** Fleet ids come from the control plane's database; they also appear in URLs and file names. */
export const fleetIdSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/,
    'must be 1-128 letters, digits, ".", "_", ":" or "-"',
  );

export const snapshotVersionSchema = z
  .int()
  .positive()
  .describe('Monotonic per fleet; a node never applies a lower one');

/**
 * What the control plane signs and a node applies: the same config model as the DB-less file,
 * wrapped with what a node needs to decide whether to apply it.
 */
export const snapshotEnvelopeSchema = z
  .object({
    fleetId: fleetIdSchema,
    version: snapshotVersionSchema,
    createdAt: z.iso.datetime().describe('When the control plane compiled it (UTC, ISO 8601)'),
    contentHash: sha256HexSchema.describe(
      'SHA-256 of the canonical JSON of `config`: equal hashes, equal config',
    ),
    config: gatewayConfigSchema,
  })
  .strict();

export type SnapshotEnvelopeInput = z.input<typeof snapshotEnvelopeSchema>;
export type SnapshotEnvelope = z.infer<typeof snapshotEnvelopeSchema>;
