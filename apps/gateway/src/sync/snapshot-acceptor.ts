import {
  SnapshotVerificationError,
  type AppliedSnapshot,
  type SnapshotRefusalReason,
  type SnapshotVerifier,
  type VerifiedSnapshot,
} from '@gatehouse/signing';
import type { Logger } from 'pino';
import type { AppliedSnapshotInfo, RuntimeHolder } from '../runtime/runtime-holder.js';
import type { SnapshotMetrics } from './snapshot-metrics.js';

export interface SnapshotOffer {
  readonly jws: string;
  readonly origin: AppliedSnapshotInfo['origin'];
  /** The URL or file it came from, for the log line. */
  readonly from: string;
}

export type OfferOutcome =
  | { readonly kind: 'applied'; readonly version: number; readonly contentHash: string }
  /** The very snapshot in force, served again: nothing to do. */
  | { readonly kind: 'unchanged'; readonly version: number }
  | {
      readonly kind: 'refused';
      readonly reason: SnapshotRefusalReason;
      readonly message: string;
    }
  /** Verified, but the runtime could not take it; the config in force stays. */
  | { readonly kind: 'failed'; readonly message: string };

export interface SnapshotAcceptorOptions {
  readonly verifier: SnapshotVerifier;
  readonly holder: RuntimeHolder;
  readonly metrics: SnapshotMetrics;
  readonly logger: Logger;
  readonly source: AppliedSnapshotInfo['source'];
}

/**
 * The one gate every signed snapshot passes, whichever way it came (pulled, restored from disk,
 * read from a file): verified against the trusted keys, the fleet and the version in force, then
 * applied. A refusal is a warning naming the reason and a count; the snapshot in force stays.
 */
export class SnapshotAcceptor {
  #applied: AppliedSnapshot | undefined;
  /** Offers are judged one at a time, so two cannot both pass against the same version. */
  #queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: SnapshotAcceptorOptions) {}

  /** The newest signed snapshot applied; the floor every later one must be above. */
  get applied(): AppliedSnapshot | undefined {
    return this.#applied;
  }

  offer(offer: SnapshotOffer): Promise<OfferOutcome> {
    const next = this.#queue.then(() => this.#judge(offer));
    this.#queue = next.catch(() => undefined);
    return next;
  }

  async #judge(offer: SnapshotOffer): Promise<OfferOutcome> {
    const { holder, metrics, logger, source } = this.options;
    const applied = this.#applied;
    const verified = await this.#verify(offer, applied);
    if ('kind' in verified) return verified;
    const { envelope, kid } = verified;
    if (
      applied !== undefined &&
      envelope.version === applied.version &&
      envelope.contentHash === applied.contentHash
    ) {
      return { kind: 'unchanged', version: envelope.version };
    }
    const appliedAt = new Date();
    try {
      holder.install(envelope.config, {
        source,
        origin: offer.origin,
        signed: true,
        version: envelope.version,
        contentHash: envelope.contentHash,
        fleetId: envelope.fleetId,
        kid,
        createdAt: envelope.createdAt,
        appliedAt: appliedAt.toISOString(),
      });
    } catch (error) {
      metrics.applyFailed();
      const message = `snapshot version ${envelope.version} verified but could not be applied: ${(error as Error).message}`;
      logger.error({ origin: offer.origin, from: offer.from }, message);
      return { kind: 'failed', message };
    }
    this.#applied = { version: envelope.version, contentHash: envelope.contentHash };
    metrics.applied(envelope.version, appliedAt);
    logger.info(
      {
        version: envelope.version,
        previousVersion: applied?.version ?? null,
        fleetId: envelope.fleetId,
        contentHash: envelope.contentHash,
        kid,
        createdAt: envelope.createdAt,
        origin: offer.origin,
        from: offer.from,
      },
      'snapshot applied',
    );
    return { kind: 'applied', version: envelope.version, contentHash: envelope.contentHash };
  }

  async #verify(
    offer: SnapshotOffer,
    applied: AppliedSnapshot | undefined,
  ): Promise<VerifiedSnapshot | Extract<OfferOutcome, { kind: 'refused' }>> {
    try {
      return await this.options.verifier.verify(offer.jws, { applied });
    } catch (error) {
      if (!(error instanceof SnapshotVerificationError)) throw error;
      this.options.metrics.refused(error.reason);
      this.options.logger.warn(
        {
          reason: error.reason,
          origin: offer.origin,
          from: offer.from,
          appliedVersion: applied?.version ?? null,
        },
        `${error.message}; ${applied === undefined ? 'no snapshot is in force yet' : `version ${applied.version} stays in force`}`,
      );
      return { kind: 'refused', reason: error.reason, message: error.message };
    }
  }
}
