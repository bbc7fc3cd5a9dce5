import { Inject, Injectable } from '@nestjs/common';
import type { ClientCredential } from '@gatehouse/db';
import type { ClientKeyResource, ClientKeyStatus } from '@gatehouse/contracts';
import { DatabaseService } from '../database/database.service.js';
import type { DbClient } from '../database/database.service.js';
import { withConstraintMessages } from '../database/prisma-errors.js';

/** A key as the service reasons about it: the API view plus what rotation needs to know. */
export interface ClientKeyRecord {
  readonly resource: ClientKeyResource;
  readonly expiresAt: Date | null;
  readonly revokedAt: Date | null;
  /** Set when a rotation already replaced this key. */
  readonly rotatedToId: string | null;
}

export interface NewClientKeyRow {
  readonly clientId: string;
  readonly keyPrefix: string;
  readonly keyHash: string;
  readonly hashAlgorithm: string;
  readonly label: string | null;
  readonly createdBy: string;
  readonly expiresAt: Date | null;
  readonly rotatedFromId: string | null;
}

/** A credential row without its hash, which only authentication ever reads. */
type KeyRow = Omit<ClientCredential, 'keyHash'> & { readonly rotatedTo?: { id: string } | null };

function statusOf(row: KeyRow, now: Date): ClientKeyStatus {
  if (row.revokedAt) return 'revoked';
  if (row.expiresAt && row.expiresAt <= now) return 'expired';
  return 'active';
}

function toRecord(row: KeyRow, now: Date): ClientKeyRecord {
  return {
    resource: {
      id: row.id,
      clientId: row.clientId,
      prefix: row.keyPrefix,
      label: row.label,
      status: statusOf(row, now),
      createdAt: row.createdAt.toISOString(),
      createdBy: row.createdBy,
      expiresAt: row.expiresAt?.toISOString() ?? null,
      revokedAt: row.revokedAt?.toISOString() ?? null,
      revokedReason: row.revokedReason,
      lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
      rotatedFromId: row.rotatedFromId,
    },
    expiresAt: row.expiresAt,
    revokedAt: row.revokedAt,
    rotatedToId: row.rotatedTo?.id ?? null,
  };
}

const omitHash = { keyHash: true } as const;

@Injectable()
export class ClientKeysRepository {
  constructor(@Inject(DatabaseService) private readonly database: DatabaseService) {}

  /** A client's keys in id order (creation order), after `afterId` when given. */
  async list(
    clientId: string,
    options: { readonly afterId?: string; readonly take: number; readonly now: Date },
  ): Promise<ClientKeyResource[]> {
    const rows = await this.database.client.clientCredential.findMany({
      where: {
        clientId,
        ...(options.afterId === undefined ? {} : { id: { gt: options.afterId } }),
      },
      omit: omitHash,
      orderBy: { id: 'asc' },
      take: options.take,
    });
    return rows.map((row) => toRecord(row, options.now).resource);
  }

  /** Reads the key and locks its row until the transaction ends. */
  async findByIdForUpdate(
    tx: DbClient,
    id: string,
    now: Date,
  ): Promise<ClientKeyRecord | undefined> {
    await tx.$queryRaw`SELECT 1 FROM client_credentials WHERE id = ${id}::uuid FOR UPDATE`;
    const row = await tx.clientCredential.findUnique({
      where: { id },
      omit: omitHash,
      include: { rotatedTo: { select: { id: true } } },
    });
    return row ? toRecord(row, now) : undefined;
  }

  async create(tx: DbClient, key: NewClientKeyRow, now: Date): Promise<ClientKeyRecord> {
    const row = await withConstraintMessages(
      tx.clientCredential.create({ data: key, omit: omitHash }),
      {
        conflict: 'A key with the same prefix exists; try again.',
        reference: `No client with id ${key.clientId}.`,
      },
    );
    return toRecord(row, now);
  }

  async update(
    tx: DbClient,
    id: string,
    patch: {
      readonly expiresAt?: Date | null;
      readonly revokedAt?: Date;
      readonly revokedReason?: string | null;
    },
    now: Date,
  ): Promise<ClientKeyRecord> {
    const row = await tx.clientCredential.update({ where: { id }, data: patch, omit: omitHash });
    return toRecord(row, now);
  }
}
