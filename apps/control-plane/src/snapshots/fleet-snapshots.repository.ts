import { Inject, Injectable } from '@nestjs/common';
import type { ConfigSnapshot } from '@gatehouse/db';
import type { FleetSnapshot } from '@gatehouse/contracts';
import { DatabaseService } from '../database/database.service.js';
import type { DbClient } from '../database/database.service.js';

export interface NewSnapshotRow {
  readonly fleetId: string;
  readonly version: number;
  readonly jws: string;
  readonly contentHash: string;
  readonly keyId: string;
  readonly createdAt: Date;
}

/** The newest snapshot as nodes get it. */
export interface ServedSnapshot {
  readonly version: number;
  readonly jws: string;
}

const summaryFields = {
  fleetId: true,
  version: true,
  contentHash: true,
  keyId: true,
  sizeBytes: true,
  createdAt: true,
} as const;

function toSummary(row: Omit<ConfigSnapshot, 'id' | 'jws'>): FleetSnapshot {
  return {
    fleetId: row.fleetId,
    version: row.version,
    contentHash: row.contentHash,
    keyId: row.keyId,
    sizeBytes: row.sizeBytes,
    createdAt: row.createdAt.toISOString(),
  };
}

@Injectable()
export class FleetSnapshotsRepository {
  constructor(@Inject(DatabaseService) private readonly database: DatabaseService) {}

  /**
   * Locks the fleet row for the rest of the transaction: builds of one fleet take turns, so a
   * build that read older configuration can never store a higher version than a newer one.
   * Returns whether the fleet exists.
   */
  async lockFleet(tx: DbClient, fleetId: string): Promise<boolean> {
    const rows = await tx.$queryRaw<{ id: string }[]>`
      SELECT id::text AS id FROM gateway_fleets WHERE id = ${fleetId}::uuid FOR UPDATE`;
    return rows.length > 0;
  }

  async latest(
    fleetId: string,
    db: DbClient = this.database.client,
  ): Promise<FleetSnapshot | undefined> {
    const row = await db.configSnapshot.findFirst({
      where: { fleetId },
      orderBy: { version: 'desc' },
      select: summaryFields,
    });
    return row ? toSummary(row) : undefined;
  }

  /** The newest version only: what a long-poll compares with, cheaply and often. */
  async latestVersion(fleetId: string): Promise<number | undefined> {
    const row = await this.database.client.configSnapshot.findFirst({
      where: { fleetId },
      orderBy: { version: 'desc' },
      select: { version: true },
    });
    return row?.version;
  }

  async served(fleetId: string, version: number): Promise<ServedSnapshot | undefined> {
    const row = await this.database.client.configSnapshot.findUnique({
      where: { fleetId_version: { fleetId, version } },
      select: { version: true, jws: true },
    });
    return row ?? undefined;
  }

  /** The next version of the fleet, atomically (the fleet row is locked by the caller too). */
  async nextVersion(tx: DbClient, fleetId: string): Promise<number> {
    const rows = await tx.$queryRaw<{ last_version: number }[]>`
      UPDATE gateway_fleets SET last_version = last_version + 1
      WHERE id = ${fleetId}::uuid RETURNING last_version`;
    const version = rows[0]?.last_version;
    if (version === undefined) throw new Error(`fleet ${fleetId} vanished while being built`);
    return version;
  }

  async insert(tx: DbClient, row: NewSnapshotRow): Promise<FleetSnapshot> {
    const created = await tx.configSnapshot.create({
      data: { ...row, sizeBytes: Buffer.byteLength(row.jws, 'utf8') },
      select: summaryFields,
    });
    return toSummary(created);
  }

  /** Keeps the newest `keep` versions: old snapshots are large and no node goes back to them. */
  async prune(tx: DbClient, fleetId: string, keep: number): Promise<void> {
    await tx.$executeRaw`
      DELETE FROM config_snapshots
      WHERE fleet_id = ${fleetId}::uuid
        AND version <= (SELECT max(version) FROM config_snapshots WHERE fleet_id = ${fleetId}::uuid) - ${keep}`;
  }

  /**
   * What the fleet resource shows about the compiler's last run. In SQL, because Prisma would
   * also bump `updated_at`, which says when an admin last changed the fleet.
   */
  async recordBuild(
    fleetId: string,
    at: Date,
    error: string | null,
    db: DbClient = this.database.client,
  ): Promise<void> {
    await db.$executeRaw`
      UPDATE gateway_fleets SET last_build_at = ${at}, last_build_error = ${error}
      WHERE id = ${fleetId}::uuid`;
  }

  /** Newest first, before `beforeVersion` when given. */
  async list(
    fleetId: string,
    options: { readonly beforeVersion?: number; readonly take: number },
  ): Promise<FleetSnapshot[]> {
    const rows = await this.database.client.configSnapshot.findMany({
      where: {
        fleetId,
        ...(options.beforeVersion === undefined ? {} : { version: { lt: options.beforeVersion } }),
      },
      orderBy: { version: 'desc' },
      take: options.take,
      select: summaryFields,
    });
    return rows.map(toSummary);
  }
}
