import { Inject, Injectable } from '@nestjs/common';
import type { Scope } from '@gatehouse/db';
import type { CreateScopeBody, ScopeResource, UpdateScopeBody } from '@gatehouse/contracts';
import { DatabaseService } from '../database/database.service.js';
import type { DbClient } from '../database/database.service.js';
import { withConstraintMessages } from '../database/prisma-errors.js';

function toResource(row: Scope): ScopeResource {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Who still depends on a scope (a few names of each, for the message). */
export interface ScopeUsage {
  readonly grantCount: number;
  readonly grantedTo: readonly string[];
  readonly toolCount: number;
  readonly requiredBy: readonly string[];
}

const usageSample = 5;

@Injectable()
export class ScopesRepository {
  constructor(@Inject(DatabaseService) private readonly database: DatabaseService) {}

  async list(options: {
    readonly afterId?: string;
    readonly take: number;
  }): Promise<ScopeResource[]> {
    const rows = await this.database.client.scope.findMany({
      where: options.afterId === undefined ? {} : { id: { gt: options.afterId } },
      orderBy: { id: 'asc' },
      take: options.take,
    });
    return rows.map(toResource);
  }

  async findById(
    id: string,
    db: DbClient = this.database.client,
  ): Promise<ScopeResource | undefined> {
    const row = await db.scope.findUnique({ where: { id } });
    return row ? toResource(row) : undefined;
  }

  async findByName(
    name: string,
    db: DbClient = this.database.client,
  ): Promise<ScopeResource | undefined> {
    const row = await db.scope.findUnique({ where: { name } });
    return row ? toResource(row) : undefined;
  }

  async findByIdForUpdate(tx: DbClient, id: string): Promise<ScopeResource | undefined> {
    await tx.$queryRaw`SELECT 1 FROM scopes WHERE id = ${id}::uuid FOR UPDATE`;
    return this.findById(id, tx);
  }

  async usage(tx: DbClient, scopeId: string): Promise<ScopeUsage> {
    // One query after the other: they share the transaction's connection.
    const grantCount = await tx.clientScopeGrant.count({ where: { scopeId } });
    const grants = await tx.clientScopeGrant.findMany({
      where: { scopeId },
      select: { client: { select: { name: true, tenant: { select: { name: true } } } } },
      take: usageSample,
    });
    const toolCount = await tx.toolRequiredScope.count({ where: { scopeId } });
    const tools = await tx.toolRequiredScope.findMany({
      where: { scopeId },
      select: { tool: { select: { name: true, upstream: { select: { name: true } } } } },
      take: usageSample,
    });
    return {
      grantCount,
      grantedTo: grants.map((grant) => `${grant.client.tenant.name}/${grant.client.name}`),
      toolCount,
      requiredBy: tools.map((tool) => `${tool.tool.upstream.name}/${tool.tool.name}`),
    };
  }

  async create(tx: DbClient, body: CreateScopeBody): Promise<ScopeResource> {
    const row = await withConstraintMessages(tx.scope.create({ data: body }), {
      conflict: `A scope named "${body.name}" already exists; scope names are unique.`,
    });
    return toResource(row);
  }

  async update(tx: DbClient, id: string, patch: UpdateScopeBody): Promise<ScopeResource> {
    const row = await withConstraintMessages(tx.scope.update({ where: { id }, data: patch }), {
      notFound: `No scope with id ${id}.`,
    });
    return toResource(row);
  }

  async delete(tx: DbClient, id: string): Promise<void> {
    await withConstraintMessages(tx.scope.delete({ where: { id } }), {
      notFound: `No scope with id ${id}.`,
    });
  }
}
