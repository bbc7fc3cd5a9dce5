import { exportPublicJwk, SNAPSHOT_JWS_ALG, signSnapshot } from '@gatehouse/signing';
import { CompactSign } from 'jose';
import type { TrustedKey } from '@gatehouse/signing';
import type { SigningKeySet, SnapshotEnvelope } from '@gatehouse/contracts';
import type { LoadedSigningKeys } from './load-signing-keys.js';

/**
 * Signs snapshots with the current key and publishes every key nodes may need: the current
 * one first, then earlier ones (snapshots nodes still hold), then announced ones (the next).
 * Built once at boot by SigningKeysModule: the keys change with a restart, never in flight.
 */
export class SigningKeysService {
  readonly published: readonly TrustedKey[];
  private jwksCache: Promise<SigningKeySet> | undefined;

  constructor(private readonly keys: LoadedSigningKeys) {
    const byKid = new Map<string, TrustedKey>();
    for (const key of [keys.current, ...keys.previous, ...keys.announced]) {
      if (!byKid.has(key.kid)) byKid.set(key.kid, { kid: key.kid, publicKey: key.publicKey });
    }
    this.published = [...byKid.values()];
  }

  /** The key id new snapshots carry. */
  get currentKid(): string {
    return this.keys.current.kid;
  }

  sign(envelope: SnapshotEnvelope): Promise<string> {
    return signSnapshot(envelope, this.keys.current.privateKey, this.keys.current.kid);
  }

  /**
   * A compact JWS (EdDSA, current key) over `payload`, for other signed documents of the
   * control plane (audit export manifests); `typ` says what it is.
   */
  signDocument(payload: string, typ: string): Promise<string> {
    return new CompactSign(new TextEncoder().encode(payload))
      .setProtectedHeader({ alg: SNAPSHOT_JWS_ALG, kid: this.keys.current.kid, typ })
      .sign(this.keys.current.privateKey);
  }

  /** The published keys as a JWKS (a valid `--trusted-keys` file for a gateway node). */
  jwks(): Promise<SigningKeySet> {
    this.jwksCache ??= Promise.all(
      this.published.map((key) => exportPublicJwk(key.publicKey)),
    ).then((keys) => ({ keys }));
    return this.jwksCache;
  }
}
