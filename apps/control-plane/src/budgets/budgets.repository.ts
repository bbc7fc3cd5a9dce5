import { Inject, Injectable } from '@nestjs/common';
import type { Prisma, TenantBudget, TenantToolBudget, ToolBudget } from '@gatehouse/db';
import type {
  RateLimitSetting,
  TenantBudgetBody,
  TenantBudgetResource,
  TenantToolBudgetResource,
  ToolBudgetBody,
  ToolBudgetResource,
} from '@gatehouse/contracts';
import { DatabaseService } from '../database/database.service.js';
import type { DbClient } from '../database/database.service.js';
import { withConstraintMessages } from '../database/prisma-errors.js';

function toolLimits(row: ToolBudget | TenantToolBudget): ToolBudgetBody {
  return {
    maxConcurrency: row.maxConcurrency,
    maxQueueDepth: row.maxQueueDepth,
    requestsPerMinute: row.requestsPerMinute,
    timeoutMs: row.timeoutMs,
    maxRequestBytes: row.maxRequestBytes,
    maxResponseBytes: row.maxResponseBytes,
  };
}

function rateLimitOf(points: number | null, windowSeconds: number | null): RateLimitSetting | null {
  return points === null || windowSeconds === null ? null : { points, windowSeconds };
}

function tenantBudgetRow(
  body: TenantBudgetBody,
): Omit<Prisma.TenantBudgetUncheckedCreateInput, 'tenantId'> {
  const { rateLimit, clientRateLimit, ...plain } = body;
  return {
    ...plain,
    rateLimitPoints: rateLimit?.points ?? null,
    rateLimitWindowSeconds: rateLimit?.windowSeconds ?? null,
    clientRateLimitPoints: clientRateLimit?.points ?? null,
    clientRateLimitWindowSeconds: clientRateLimit?.windowSeconds ?? null,
  };
}

function toTenantBudget(row: TenantBudget): TenantBudgetResource {
  return {
    tenantId: row.tenantId,
    requestsPerMinute: row.requestsPerMinute,
    burst: row.burst,
    maxConcurrentCalls: row.maxConcurrentCalls,
    maxQueueDepth: row.maxQueueDepth,
    defaultTimeoutMs: row.defaultTimeoutMs,
    maxRequestBytes: row.maxRequestBytes,
    maxResponseBytes: row.maxResponseBytes,
    rateLimit: rateLimitOf(row.rateLimitPoints, row.rateLimitWindowSeconds),
    clientRateLimit: rateLimitOf(row.clientRateLimitPoints, row.clientRateLimitWindowSeconds),
    redisFailMode: row.redisFailMode,
    dailyCallBudget: row.dailyCallBudget,
    dailyCostBudget: row.dailyCostBudget,
    updatedAt: row.updatedAt.toISOString(),
  };
}

function toToolBudget(row: ToolBudget): ToolBudgetResource {
  return { toolId: row.toolId, ...toolLimits(row), updatedAt: row.updatedAt.toISOString() };
}

function toTenantToolBudget(row: TenantToolBudget): TenantToolBudgetResource {
  return {
    tenantId: row.tenantId,
    toolId: row.toolId,
    ...toolLimits(row),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Tenant budgets, tool budgets and a tenant's budgets on single tools. */
@Injectable()
export class BudgetsRepository {
  constructor(@Inject(DatabaseService) private readonly database: DatabaseService) {}

  async findTenantBudget(
    tenantId: string,
    db: DbClient = this.database.client,
  ): Promise<TenantBudgetResource | undefined> {
    const row = await db.tenantBudget.findUnique({ where: { tenantId } });
    return row ? toTenantBudget(row) : undefined;
  }

  async lockTenantBudget(
    tx: DbClient,
    tenantId: string,
  ): Promise<TenantBudgetResource | undefined> {
    await tx.$queryRaw`SELECT 1 FROM tenant_budgets WHERE tenant_id = ${tenantId}::uuid FOR UPDATE`;
    return this.findTenantBudget(tenantId, tx);
  }

  async putTenantBudget(
    tx: DbClient,
    tenantId: string,
    body: TenantBudgetBody,
  ): Promise<TenantBudgetResource> {
    const data = tenantBudgetRow(body);
    const row = await withConstraintMessages(
      tx.tenantBudget.upsert({
        where: { tenantId },
        create: { ...data, tenantId },
        update: data,
      }),
      { reference: `No tenant with id ${tenantId}.` },
    );
    return toTenantBudget(row);
  }

  async deleteTenantBudget(tx: DbClient, tenantId: string): Promise<void> {
    await tx.tenantBudget.deleteMany({ where: { tenantId } });
  }

  async findToolBudget(
    toolId: string,
    db: DbClient = this.database.client,
  ): Promise<ToolBudgetResource | undefined> {
    const row = await db.toolBudget.findUnique({ where: { toolId } });
    return row ? toToolBudget(row) : undefined;
  }

  async lockToolBudget(tx: DbClient, toolId: string): Promise<ToolBudgetResource | undefined> {
    await tx.$queryRaw`SELECT 1 FROM tool_budgets WHERE tool_id = ${toolId}::uuid FOR UPDATE`;
    return this.findToolBudget(toolId, tx);
  }

  async putToolBudget(
    tx: DbClient,
    toolId: string,
    body: ToolBudgetBody,
  ): Promise<ToolBudgetResource> {
    const row = await withConstraintMessages(
      tx.toolBudget.upsert({ where: { toolId }, create: { toolId, ...body }, update: body }),
      { reference: `No tool with id ${toolId}.` },
    );
    return toToolBudget(row);
  }

  async deleteToolBudget(tx: DbClient, toolId: string): Promise<void> {
    await tx.toolBudget.deleteMany({ where: { toolId } });
  }

  /** A tenant's tool budgets in tool-id order, after `afterToolId` when given. */
  async listTenantToolBudgets(
    tenantId: string,
    options: { readonly afterToolId?: string; readonly take: number },
  ): Promise<TenantToolBudgetResource[]> {
    const rows = await this.database.client.tenantToolBudget.findMany({
      where: {
        tenantId,
        ...(options.afterToolId === undefined ? {} : { toolId: { gt: options.afterToolId } }),
      },
      orderBy: { toolId: 'asc' },
      take: options.take,
    });
    return rows.map(toTenantToolBudget);
  }

  async findTenantToolBudget(
    tenantId: string,
    toolId: string,
    db: DbClient = this.database.client,
  ): Promise<TenantToolBudgetResource | undefined> {
    const row = await db.tenantToolBudget.findUnique({
      where: { tenantId_toolId: { tenantId, toolId } },
    });
    return row ? toTenantToolBudget(row) : undefined;
  }

  async lockTenantToolBudget(
    tx: DbClient,
    tenantId: string,
    toolId: string,
  ): Promise<TenantToolBudgetResource | undefined> {
    await tx.$queryRaw`
      SELECT 1 FROM tenant_tool_budgets
      WHERE tenant_id = ${tenantId}::uuid AND tool_id = ${toolId}::uuid FOR UPDATE`;
    return this.findTenantToolBudget(tenantId, toolId, tx);
  }

  async putTenantToolBudget(
    tx: DbClient,
    tenantId: string,
    toolId: string,
    body: ToolBudgetBody,
  ): Promise<TenantToolBudgetResource> {
    const row = await withConstraintMessages(
      tx.tenantToolBudget.upsert({
        where: { tenantId_toolId: { tenantId, toolId } },
        create: { tenantId, toolId, ...body },
        update: body,
      }),
      { reference: `The tenant ${tenantId} or the tool ${toolId} no longer exists.` },
    );
    return toTenantToolBudget(row);
  }

  async deleteTenantToolBudget(tx: DbClient, tenantId: string, toolId: string): Promise<void> {
    await tx.tenantToolBudget.deleteMany({ where: { tenantId, toolId } });
  }
}
