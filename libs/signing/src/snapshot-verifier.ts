import {
  problemsFromZod,
  snapshotEnvelopeSchema,
  type SnapshotEnvelope,
} from '@gatehouse/contracts';
import {
  compactVerify,
  decodeProtectedHeader,
  errors,
  type CryptoKey,
  type ProtectedHeaderParameters,
} from 'jose';
import { snapshotContentHash } from './content-hash.js';
import type { TrustedKey } from './signing-key.js';
import { SNAPSHOT_JWS_ALG, SNAPSHOT_JWS_TYPE } from './snapshot-jws.js';
import { SnapshotVerificationError } from './snapshot-verification-error.js';

export interface SnapshotVerifierOptions {
  /** Every key a snapshot may be signed with: two while keys are rolled over. */
  readonly trustedKeys: readonly TrustedKey[];
  /**
   * The fleet this node belongs to. `null` accepts any fleet, for a single node run from a
   * file; it has to be written out so that no node skips the check by omission.
   */
  readonly fleetId: string | null;
}

/** What the node runs now; a snapshot must be newer, or the very same one again. */
export interface AppliedSnapshot {
  readonly version: number;
  readonly contentHash: string;
}

export interface VerifySnapshotOptions {
  /** Omitted on first start, or when an operator deliberately rolls back. */
  readonly applied?: AppliedSnapshot | undefined;
}

export interface VerifiedSnapshot {
  readonly envelope: SnapshotEnvelope;
  /** The key that signed it, for the log line that says what was applied. */
  readonly kid: string;
}

const MAX_LISTED_PROBLEMS = 5;

/** Checks a snapshot JWS against a fixed keyring; build a new verifier when the keyring changes. */
export class SnapshotVerifier {
  readonly #keys: ReadonlyMap<string, CryptoKey>;
  readonly #fleetId: string | null;

  constructor(options: SnapshotVerifierOptions) {
    if (options.trustedKeys.length === 0)
      throw new TypeError('a snapshot verifier needs at least one trusted key');
    this.#keys = new Map(options.trustedKeys.map((key) => [key.kid, key.publicKey]));
    this.#fleetId = options.fleetId;
  }

  get keyIds(): readonly string[] {
    return [...this.#keys.keys()];
  }

  /** The validated envelope, or a SnapshotVerificationError naming the reason. */
  async verify(jws: string, options: VerifySnapshotOptions = {}): Promise<VerifiedSnapshot> {
    const { kid, key } = this.#trustedKeyFor(jws);
    const payload = await verifySignature(jws, key);
    const envelope = parseEnvelope(payload);
    if (this.#fleetId !== null && envelope.fleetId !== this.#fleetId) {
      throw new SnapshotVerificationError(
        'wrong-fleet',
        `snapshot is for fleet "${envelope.fleetId}", this node belongs to "${this.#fleetId}"`,
      );
    }
    checkVersion(envelope, options.applied);
    return { envelope, kid };
  }

  /** Header checks come first: they are cheap and say which of several failures it is. */
  #trustedKeyFor(jws: string): { kid: string; key: CryptoKey } {
    const parts = typeof jws === 'string' ? jws.split('.') : [];
    if (parts.length !== 3) throw new SnapshotVerificationError('unsigned', 'not a compact JWS');
    if (parts[2] === '')
      throw new SnapshotVerificationError('unsigned', 'the JWS carries no signature');
    let header: ProtectedHeaderParameters;
    try {
      header = decodeProtectedHeader(jws);
    } catch (error) {
      throw new SnapshotVerificationError('unsigned', 'the JWS protected header is unreadable', {
        cause: error,
      });
    }
    if (header.alg === undefined || header.alg === 'none') {
      throw new SnapshotVerificationError(
        'unsigned',
        `the JWS has alg "${header.alg ?? '(none given)'}"`,
      );
    }
    if (header.alg !== SNAPSHOT_JWS_ALG) {
      // e.g. HS256 keyed with the public key: a forgery attempt, not a missing signature.
      throw new SnapshotVerificationError(
        'bad-signature',
        `alg "${header.alg}" is not accepted, only ${SNAPSHOT_JWS_ALG}`,
      );
    }
    const kid = header.kid;
    if (typeof kid !== 'string')
      throw new SnapshotVerificationError('unknown-key', 'the JWS names no key id (kid)');
    const key = this.#keys.get(kid);
    if (key === undefined) {
      throw new SnapshotVerificationError(
        'unknown-key',
        `kid "${kid}" is not a trusted key (trusted: ${this.keyIds.join(', ')})`,
      );
    }
    return { kid, key };
  }
}

async function verifySignature(jws: string, key: CryptoKey): Promise<Uint8Array> {
  try {
    const { payload, protectedHeader } = await compactVerify(jws, key, {
      algorithms: [SNAPSHOT_JWS_ALG],
    });
    if (protectedHeader.typ !== SNAPSHOT_JWS_TYPE) {
      throw new SnapshotVerificationError(
        'invalid-payload',
        `typ "${protectedHeader.typ ?? ''}" is not "${SNAPSHOT_JWS_TYPE}": a token of another kind`,
      );
    }
    return payload;
  } catch (error) {
    if (error instanceof SnapshotVerificationError) throw error;
    if (
      error instanceof errors.JWSSignatureVerificationFailed ||
      error instanceof errors.JOSEAlgNotAllowed
    ) {
      throw new SnapshotVerificationError(
        'bad-signature',
        'the signature does not match the content',
        { cause: error },
      );
    }
    if (error instanceof errors.JWSInvalid) {
      throw new SnapshotVerificationError('unsigned', `malformed JWS: ${error.message}`, {
        cause: error,
      });
    }
    throw error;
  }
}

function parseEnvelope(payload: Uint8Array): SnapshotEnvelope {
  let document: unknown;
  try {
    document = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload));
  } catch (error) {
    throw new SnapshotVerificationError('invalid-payload', 'the payload is not UTF-8 JSON', {
      cause: error,
    });
  }
  const result = snapshotEnvelopeSchema.safeParse(document);
  if (!result.success) {
    const problems = problemsFromZod(result.error);
    const listed = problems
      .slice(0, MAX_LISTED_PROBLEMS)
      .map((problem) => `${problem.path}: ${problem.message}`);
    if (problems.length > MAX_LISTED_PROBLEMS)
      listed.push(`and ${problems.length - MAX_LISTED_PROBLEMS} more`);
    throw new SnapshotVerificationError('invalid-payload', listed.join('; '), {
      cause: result.error,
    });
  }
  // The hash covers the config as signed, not as parsed: defaults a newer node fills in
  // must not turn a good snapshot into a mismatch.
  const signedConfig = (document as { readonly config: unknown }).config;
  const actualHash = snapshotContentHash(signedConfig);
  if (actualHash !== result.data.contentHash) {
    throw new SnapshotVerificationError(
      'content-hash-mismatch',
      `contentHash ${result.data.contentHash} does not match the config (${actualHash})`,
    );
  }
  return result.data;
}

function checkVersion(envelope: SnapshotEnvelope, applied: AppliedSnapshot | undefined): void {
  if (applied === undefined || envelope.version > applied.version) return;
  if (envelope.version < applied.version) {
    throw new SnapshotVerificationError(
      'stale-version',
      `version ${envelope.version} is older than the applied version ${applied.version}`,
    );
  }
  if (envelope.contentHash !== applied.contentHash) {
    throw new SnapshotVerificationError(
      'stale-version',
      `version ${envelope.version} is already applied with other content (${applied.contentHash})`,
    );
  }
}
