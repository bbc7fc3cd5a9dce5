import {
  gatewayConfigSchema,
  snapshotEnvelopeSchema,
  type GatewayConfigInput,
  type SnapshotEnvelope,
} from '@gatehouse/contracts';
import { snapshotContentHash } from './content-hash.js';

export interface SnapshotEnvelopeParts {
  readonly fleetId: string;
  readonly version: number;
  readonly config: GatewayConfigInput;
  /** Defaults to now. */
  readonly createdAt?: Date;
}

const envelopeHeaderSchema = snapshotEnvelopeSchema.omit({ config: true });

/**
 * Validates the config (throwing the ZodError of the first bad field) and wraps it. The hash
 * is taken over the parsed config, defaults filled in, so what is signed is exactly what a
 * node enforces and two compilations of the same config agree.
 */
export function buildSnapshotEnvelope(parts: SnapshotEnvelopeParts): SnapshotEnvelope {
  const config = gatewayConfigSchema.parse(parts.config);
  const header = envelopeHeaderSchema.parse({
    fleetId: parts.fleetId,
    version: parts.version,
    createdAt: (parts.createdAt ?? new Date()).toISOString(),
    contentHash: snapshotContentHash(config),
  });
  return { ...header, config };
}
