import { Inject, Injectable } from '@nestjs/common';
import type { CanaryRule } from '@gatehouse/db';
import type {
  CanaryRuleResource,
  CreateCanaryRuleBody,
  UpdateCanaryRuleBody,
} from '@gatehouse/contracts';
import { DatabaseService } from '../database/database.service.js';
import type { DbClient } from '../database/database.service.js';
import { withConstraintMessages } from '../database/prisma-errors.js';

function toResource(row: CanaryRule): CanaryRuleResource {
  return {
    id: row.id,
    toolId: row.toolId,
    toolVersionId: row.toolVersionId,
    tenantId: row.tenantId,
    clientId: row.clientId,
    percentage: row.percentage,
    priority: row.priority,
    enabled: row.enabled,
    description: row.description,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export interface CanaryRuleFilter {
  readonly toolId?: string;
  readonly tenantId?: string;
  readonly afterId?: string;
  readonly take: number;
}

@Injectable()
export class CanaryRulesRepository {
  constructor(@Inject(DatabaseService) private readonly database: DatabaseService) {}

  /** In id order (creation order). */
  async list(filter: CanaryRuleFilter): Promise<CanaryRuleResource[]> {
    const rows = await this.database.client.canaryRule.findMany({
      where: {
        toolId: filter.toolId,
        tenantId: filter.tenantId,
        ...(filter.afterId === undefined ? {} : { id: { gt: filter.afterId } }),
      },
      orderBy: { id: 'asc' },
      take: filter.take,
    });
    return rows.map(toResource);
  }

  async findById(
    id: string,
    db: DbClient = this.database.client,
  ): Promise<CanaryRuleResource | undefined> {
    const row = await db.canaryRule.findUnique({ where: { id } });
    return row ? toResource(row) : undefined;
  }

  async findByIdForUpdate(tx: DbClient, id: string): Promise<CanaryRuleResource | undefined> {
    await tx.$queryRaw`SELECT 1 FROM canary_rules WHERE id = ${id}::uuid FOR UPDATE`;
    return this.findById(id, tx);
  }

  async create(tx: DbClient, body: CreateCanaryRuleBody): Promise<CanaryRuleResource> {
    const row = await withConstraintMessages(tx.canaryRule.create({ data: body }), {
      reference: 'The tool, version, tenant or client of the rule was deleted meanwhile.',
    });
    return toResource(row);
  }

  async update(tx: DbClient, id: string, patch: UpdateCanaryRuleBody): Promise<CanaryRuleResource> {
    const row = await withConstraintMessages(tx.canaryRule.update({ where: { id }, data: patch }), {
      notFound: `No canary rule with id ${id}.`,
      reference: 'The tool version was deleted meanwhile.',
    });
    return toResource(row);
  }

  async delete(tx: DbClient, id: string): Promise<void> {
    await withConstraintMessages(tx.canaryRule.delete({ where: { id } }), {
      notFound: `No canary rule with id ${id}.`,
    });
  }
}
