import { Inject, Injectable, Logger } from '@nestjs/common';
import type { FleetSnapshot } from '@gatehouse/contracts';
import { buildSnapshotEnvelope, snapshotContentHash } from '@gatehouse/signing';
import type { DbClient } from '../database/database.service.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { SigningKeysService } from '../signing-keys/signing-keys.service.js';
import { compileFleetConfig } from './compile-fleet-config.js';
import { FleetConfigSourceRepository } from './fleet-config-source.repository.js';
import { FleetSnapshotsRepository } from './fleet-snapshots.repository.js';
import { SnapshotCompileError } from './snapshot-compile-error.js';
import { SnapshotNotifier } from './snapshot-notifier.js';

export type BuildOutcome =
  /** A new version was stored (and announced to waiting nodes). */
  | { readonly kind: 'created'; readonly snapshot: FleetSnapshot }
  /** The newest version already has this content, signed with the current key. */
  | { readonly kind: 'unchanged'; readonly snapshot: FleetSnapshot }
  /** The configuration cannot be compiled; nodes keep the previous snapshot. */
  | { readonly kind: 'failed'; readonly error: SnapshotCompileError }
  | { readonly kind: 'no-fleet' };

/** Versions kept per fleet; older ones are deleted (no node goes back to them). */
const KEPT_VERSIONS = 50;

/**
 * Compiles, signs and stores a fleet's snapshot — a new version only when the content (or
 * the signing key) differs from the newest one. Safe to run anywhere and concurrently: the
 * fleet row is locked first, so builds of one fleet take turns and read fresh data.
 */
@Injectable()
export class SnapshotBuilder {
  private readonly logger = new Logger(SnapshotBuilder.name);

  constructor(
    @Inject(TransactionRunner) private readonly transactions: TransactionRunner,
    @Inject(FleetConfigSourceRepository) private readonly sources: FleetConfigSourceRepository,
    @Inject(FleetSnapshotsRepository) private readonly snapshots: FleetSnapshotsRepository,
    @Inject(SigningKeysService) private readonly keys: SigningKeysService,
    @Inject(SnapshotNotifier) private readonly notifier: SnapshotNotifier,
  ) {}

  async build(fleetId: string): Promise<BuildOutcome> {
    const startedAt = performance.now();
    let outcome: BuildOutcome;
    try {
      outcome = await this.transactions.run((tx) => this.buildIn(tx, fleetId));
    } catch (error) {
      if (!(error instanceof SnapshotCompileError)) throw error;
      await this.snapshots.recordBuild(fleetId, new Date(), error.message);
      this.logger.warn(error.message);
      return { kind: 'failed', error };
    }
    if (outcome.kind === 'created') {
      this.notifier.published(fleetId, outcome.snapshot.version);
      this.logger.log(
        `Fleet ${fleetId}: snapshot version ${outcome.snapshot.version} (${outcome.snapshot.sizeBytes} bytes, key ${outcome.snapshot.keyId}) in ${Math.round(performance.now() - startedAt)} ms`,
      );
    }
    return outcome;
  }

  private async buildIn(tx: DbClient, fleetId: string): Promise<BuildOutcome> {
    if (!(await this.snapshots.lockFleet(tx, fleetId))) return { kind: 'no-fleet' };
    const source = await this.sources.load(tx, fleetId);
    const config = compileFleetConfig(source);
    const contentHash = snapshotContentHash(config);
    const now = new Date();
    const latest = await this.snapshots.latest(fleetId, tx);
    // A new key re-signs the same content, so nodes can stop trusting the old one.
    if (latest && latest.contentHash === contentHash && latest.keyId === this.keys.currentKid) {
      await this.snapshots.recordBuild(fleetId, now, null, tx);
      return { kind: 'unchanged', snapshot: latest };
    }
    const version = await this.snapshots.nextVersion(tx, fleetId);
    const envelope = buildSnapshotEnvelope({ fleetId, version, config, createdAt: now });
    const jws = await this.keys.sign(envelope);
    const snapshot = await this.snapshots.insert(tx, {
      fleetId,
      version,
      jws,
      contentHash: envelope.contentHash,
      keyId: this.keys.currentKid,
      createdAt: now,
    });
    await this.snapshots.prune(tx, fleetId, KEPT_VERSIONS);
    await this.snapshots.recordBuild(fleetId, now, null, tx);
    return { kind: 'created', snapshot };
  }
}
