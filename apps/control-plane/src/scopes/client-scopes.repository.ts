import { Inject, Injectable } from '@nestjs/common';
import type { ClientScopeGrant } from '@gatehouse/contracts';
import { DatabaseService } from '../database/database.service.js';
import type { DbClient } from '../database/database.service.js';
import { withConstraintMessages } from '../database/prisma-errors.js';

interface GrantRow {
  readonly clientId: string;
  readonly scopeId: string;
  readonly createdAt: Date;
  readonly createdBy: string | null;
  readonly scope: { readonly name: string };
}

function toGrant(row: GrantRow): ClientScopeGrant {
  return {
    clientId: row.clientId,
    scopeId: row.scopeId,
    scope: row.scope.name,
    grantedAt: row.createdAt.toISOString(),
    grantedBy: row.createdBy,
  };
}

const withScopeName = { scope: { select: { name: true } } } as const;

@Injectable()
export class ClientScopesRepository {
  constructor(@Inject(DatabaseService) private readonly database: DatabaseService) {}

  /** A client's grants in scope-name order, after `afterName` when given. */
  async list(
    clientId: string,
    options: { readonly afterName?: string; readonly take: number },
  ): Promise<ClientScopeGrant[]> {
    const rows = await this.database.client.clientScopeGrant.findMany({
      where: {
        clientId,
        ...(options.afterName === undefined ? {} : { scope: { name: { gt: options.afterName } } }),
      },
      include: withScopeName,
      orderBy: { scope: { name: 'asc' } },
      take: options.take,
    });
    return rows.map(toGrant);
  }

  async find(
    tx: DbClient,
    clientId: string,
    scopeId: string,
  ): Promise<ClientScopeGrant | undefined> {
    const row = await tx.clientScopeGrant.findUnique({
      where: { clientId_scopeId: { clientId, scopeId } },
      include: withScopeName,
    });
    return row ? toGrant(row) : undefined;
  }

  /** Inserts the grant unless it exists; true when this call created it. */
  async createIfAbsent(
    tx: DbClient,
    grant: { readonly clientId: string; readonly scopeId: string; readonly createdBy: string },
  ): Promise<boolean> {
    const { count } = await withConstraintMessages(
      tx.clientScopeGrant.createMany({ data: [grant], skipDuplicates: true }),
      { reference: `The client ${grant.clientId} or the scope ${grant.scopeId} no longer exists.` },
    );
    return count === 1;
  }

  /** True when there was a grant to delete. */
  async delete(tx: DbClient, clientId: string, scopeId: string): Promise<boolean> {
    const { count } = await tx.clientScopeGrant.deleteMany({ where: { clientId, scopeId } });
    return count === 1;
  }
}
