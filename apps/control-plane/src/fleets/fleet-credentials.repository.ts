import { Inject, Injectable } from '@nestjs/common';
import type { FleetCredential } from '@gatehouse/db';
import type { FleetCredentialResource } from '@gatehouse/contracts';
import { DatabaseService } from '../database/database.service.js';
import type { DbClient } from '../database/database.service.js';
import { withConstraintMessages } from '../database/prisma-errors.js';

/** What authentication needs of a credential row (the hash never leaves auth). */
export interface FleetCredentialRecord {
  readonly id: string;
  readonly fleetId: string;
  readonly label: string | null;
  readonly keyHash: string;
  readonly expiresAt: Date | null;
  readonly revokedAt: Date | null;
}

export interface NewFleetCredentialRecord {
  readonly fleetId: string;
  readonly label: string | null;
  readonly keyPrefix: string;
  readonly keyHash: string;
  readonly expiresAt: Date | null;
}

function toResource(row: FleetCredential): FleetCredentialResource {
  return {
    id: row.id,
    fleetId: row.fleetId,
    label: row.label,
    keyPrefix: row.keyPrefix,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  };
}

/** Touch `last_used_at` at most this often: nodes authenticate on every poll and heartbeat. */
const lastUsedResolutionMs = 60_000;

@Injectable()
export class FleetCredentialsRepository {
  constructor(@Inject(DatabaseService) private readonly database: DatabaseService) {}

  async list(
    fleetId: string,
    options: { readonly afterId?: string; readonly take: number },
  ): Promise<FleetCredentialResource[]> {
    const rows = await this.database.client.fleetCredential.findMany({
      where: { fleetId, ...(options.afterId === undefined ? {} : { id: { gt: options.afterId } }) },
      orderBy: { id: 'asc' },
      take: options.take,
    });
    return rows.map(toResource);
  }

  async findForUpdate(
    tx: DbClient,
    fleetId: string,
    id: string,
  ): Promise<FleetCredentialResource | undefined> {
    await tx.$queryRaw`SELECT 1 FROM fleet_credentials WHERE id = ${id}::uuid FOR UPDATE`;
    const row = await tx.fleetCredential.findFirst({ where: { id, fleetId } });
    return row ? toResource(row) : undefined;
  }

  async create(tx: DbClient, record: NewFleetCredentialRecord): Promise<FleetCredentialResource> {
    const row = await withConstraintMessages(tx.fleetCredential.create({ data: record }), {
      reference: `No fleet with id ${record.fleetId}.`,
    });
    return toResource(row);
  }

  async revoke(tx: DbClient, id: string, at: Date): Promise<FleetCredentialResource> {
    const row = await tx.fleetCredential.update({ where: { id }, data: { revokedAt: at } });
    return toResource(row);
  }

  async findByPrefix(keyPrefix: string): Promise<FleetCredentialRecord | undefined> {
    const row = await this.database.client.fleetCredential.findUnique({ where: { keyPrefix } });
    if (!row) return undefined;
    return {
      id: row.id,
      fleetId: row.fleetId,
      label: row.label,
      keyHash: row.keyHash,
      expiresAt: row.expiresAt,
      revokedAt: row.revokedAt,
    };
  }

  async touchLastUsed(id: string, now: Date): Promise<void> {
    await this.database.client.fleetCredential.updateMany({
      where: {
        id,
        OR: [
          { lastUsedAt: null },
          { lastUsedAt: { lt: new Date(now.getTime() - lastUsedResolutionMs) } },
        ],
      },
      data: { lastUsedAt: now },
    });
  }
}
