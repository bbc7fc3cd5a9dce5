import { Inject, Injectable } from '@nestjs/common';
import { AdminRole as DbAdminRole } from '@gatehouse/db';
import type { AdminApiToken } from '@gatehouse/db';
import type { AdminRole } from '@gatehouse/contracts';
import { DomainError } from '../common/errors/domain-error.js';
import { DatabaseService } from '../database/database.service.js';
import type { DbClient } from '../database/database.service.js';
import { withConstraintMessages } from '../database/prisma-errors.js';

/** An admin API token row as the control plane uses it (never the hash outside auth). */
export interface AdminTokenRecord {
  readonly id: string;
  readonly name: string;
  readonly role: AdminRole;
  readonly tokenPrefix: string;
  readonly tokenHash: string;
  readonly createdAt: Date;
  readonly createdBy: string | null;
  readonly expiresAt: Date | null;
  readonly revokedAt: Date | null;
}

export interface NewAdminTokenRecord {
  readonly name: string;
  readonly role: AdminRole;
  readonly tokenPrefix: string;
  readonly tokenHash: string;
  readonly createdBy: string;
  readonly expiresAt: Date | null;
}

const dbRoles: readonly string[] = Object.values(DbAdminRole);

function toDbRole(role: AdminRole): DbAdminRole {
  if (dbRoles.includes(role)) return role;
  throw new DomainError(
    'validation_failed',
    `The database schema has no "${role}" role yet (it knows ${dbRoles.join(', ')}).`,
    [{ path: 'role', message: `is not supported by this database schema` }],
  );
}

function toRecord(row: AdminApiToken): AdminTokenRecord {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    tokenPrefix: row.tokenPrefix,
    tokenHash: row.tokenHash,
    createdAt: row.createdAt,
    createdBy: row.createdBy,
    expiresAt: row.expiresAt,
    revokedAt: row.revokedAt,
  };
}

/** Touch `last_used_at` at most this often per token: one write a minute, not one per request. */
const lastUsedResolutionMs = 60_000;

@Injectable()
export class AdminTokenRepository {
  constructor(@Inject(DatabaseService) private readonly database: DatabaseService) {}

  async findByPrefix(tokenPrefix: string): Promise<AdminTokenRecord | undefined> {
    const row = await this.database.client.adminApiToken.findUnique({ where: { tokenPrefix } });
    return row ? toRecord(row) : undefined;
  }

  async create(db: DbClient, token: NewAdminTokenRecord): Promise<AdminTokenRecord> {
    const row = await withConstraintMessages(
      db.adminApiToken.create({ data: { ...token, role: toDbRole(token.role) } }),
      { conflict: `An admin API token named "${token.name}" already exists; pick another name.` },
    );
    return toRecord(row);
  }

  async touchLastUsed(id: string, now: Date): Promise<void> {
    await this.database.client.adminApiToken.updateMany({
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
