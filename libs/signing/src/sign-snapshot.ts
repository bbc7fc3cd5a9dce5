import {
  snapshotEnvelopeSchema,
  canonicalJson,
  problemsFromZod,
  type SnapshotEnvelope,
} from '@gatehouse/contracts';
import { CompactSign, type CryptoKey } from 'jose';
import { snapshotContentHash } from './content-hash.js';
import { SNAPSHOT_JWS_ALG, SNAPSHOT_JWS_TYPE } from './snapshot-jws.js';

/**
 * A compact JWS over the canonical JSON of the envelope. Refuses (throws) an envelope a node
 * would refuse, so a bad snapshot fails at the control plane instead of on every node.
 */
export async function signSnapshot(
  envelope: SnapshotEnvelope,
  privateKey: CryptoKey,
  kid: string,
): Promise<string> {
  if (kid === '') throw new TypeError('a snapshot needs a key id');
  const parsed = snapshotEnvelopeSchema.safeParse(envelope);
  if (!parsed.success) {
    const problems = problemsFromZod(parsed.error).map(
      (problem) => `${problem.path}: ${problem.message}`,
    );
    throw new TypeError(`refusing to sign an invalid snapshot envelope: ${problems.join('; ')}`);
  }
  // Hashed as given, exactly as a node will hash the payload it receives.
  const actualHash = snapshotContentHash(envelope.config);
  if (actualHash !== envelope.contentHash) {
    throw new TypeError(
      `refusing to sign: contentHash ${envelope.contentHash} does not match the config (${actualHash})`,
    );
  }
  return new CompactSign(new TextEncoder().encode(canonicalJson(envelope)))
    .setProtectedHeader({ alg: SNAPSHOT_JWS_ALG, kid, typ: SNAPSHOT_JWS_TYPE })
    .sign(privateKey);
}
