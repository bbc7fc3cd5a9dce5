import { Inject, Injectable } from '@nestjs/common';
import type {
  ListTenantToolBudgetsQuery,
  TenantBudgetBody,
  TenantBudgetResource,
  TenantToolBudgetPage,
  TenantToolBudgetResource,
  ToolBudgetBody,
  ToolBudgetResource,
} from '@gatehouse/contracts';
import { DomainError } from '../common/errors/domain-error.js';
import { decodeCursor, isUuid, pageOf } from '../common/pagination/cursor.js';
import type { ChangeContext, JsonObject } from '../config-history/change-context.js';
import { ConfigHistoryService } from '../config-history/config-history.service.js';
import type { DbClient } from '../database/database.service.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { TenantsService } from '../tenants/tenants.service.js';
import type { ToolRecord } from '../tools/tool-records.js';
import { ToolsService } from '../tools/tools.service.js';
import { BudgetsRepository } from './budgets.repository.js';

/** One budget kind, as the generic put/delete below need it. */
interface BudgetSlot<T extends JsonObject> {
  readonly entityType: string;
  readonly entityId: string;
  readonly tenantId: string | null;
  readonly lock: (tx: DbClient) => Promise<T | undefined>;
  readonly put: (tx: DbClient) => Promise<T>;
  readonly remove: (tx: DbClient) => Promise<void>;
  readonly missing: string;
}

/**
 * Budgets (stored now, enforced by the gateway later): a tenant's limits, a tool's limits
 * for every tenant, and a tenant's limits on one tool. A PUT creates or replaces one.
 */
@Injectable()
export class BudgetsService {
  constructor(
    @Inject(BudgetsRepository) private readonly budgets: BudgetsRepository,
    @Inject(TenantsService) private readonly tenants: TenantsService,
    @Inject(ToolsService) private readonly tools: ToolsService,
    @Inject(TransactionRunner) private readonly transactions: TransactionRunner,
    @Inject(ConfigHistoryService) private readonly history: ConfigHistoryService,
  ) {}

  async getTenantBudget(tenantId: string): Promise<TenantBudgetResource> {
    await this.tenants.get(tenantId);
    const budget = await this.budgets.findTenantBudget(tenantId);
    if (!budget) throw new DomainError('not_found', this.tenantSlot(tenantId).missing);
    return budget;
  }

  async putTenantBudget(
    context: ChangeContext,
    tenantId: string,
    body: TenantBudgetBody,
  ): Promise<TenantBudgetResource> {
    await this.tenants.get(tenantId);
    return this.put(context, {
      ...this.tenantSlot(tenantId),
      put: (tx) => this.budgets.putTenantBudget(tx, tenantId, body),
    });
  }

  async deleteTenantBudget(context: ChangeContext, tenantId: string): Promise<void> {
    await this.tenants.get(tenantId);
    await this.delete(context, this.tenantSlot(tenantId));
  }

  async getToolBudget(toolId: string): Promise<ToolBudgetResource> {
    const tool = await this.tools.record(toolId);
    const budget = await this.budgets.findToolBudget(toolId);
    if (!budget) throw new DomainError('not_found', this.toolSlot(tool).missing);
    return budget;
  }

  async putToolBudget(
    context: ChangeContext,
    toolId: string,
    body: ToolBudgetBody,
  ): Promise<ToolBudgetResource> {
    const tool = await this.tools.record(toolId);
    return this.put(context, {
      ...this.toolSlot(tool),
      put: (tx) => this.budgets.putToolBudget(tx, toolId, body),
    });
  }

  async deleteToolBudget(context: ChangeContext, toolId: string): Promise<void> {
    await this.delete(context, this.toolSlot(await this.tools.record(toolId)));
  }

  async listTenantToolBudgets(
    tenantId: string,
    query: ListTenantToolBudgetsQuery,
  ): Promise<TenantToolBudgetPage> {
    await this.tenants.get(tenantId);
    const afterToolId = query.cursor === undefined ? undefined : decodeCursor(query.cursor, isUuid);
    const rows = await this.budgets.listTenantToolBudgets(tenantId, {
      afterToolId,
      take: query.limit + 1,
    });
    return pageOf(rows, query.limit, (budget) => budget.toolId);
  }

  async getTenantToolBudget(tenantId: string, toolId: string): Promise<TenantToolBudgetResource> {
    await this.tenantAndTool(tenantId, toolId);
    const budget = await this.budgets.findTenantToolBudget(tenantId, toolId);
    if (!budget) throw new DomainError('not_found', this.tenantToolSlot(tenantId, toolId).missing);
    return budget;
  }

  async putTenantToolBudget(
    context: ChangeContext,
    tenantId: string,
    toolId: string,
    body: ToolBudgetBody,
  ): Promise<TenantToolBudgetResource> {
    await this.tenantAndTool(tenantId, toolId);
    return this.put(context, {
      ...this.tenantToolSlot(tenantId, toolId),
      put: (tx) => this.budgets.putTenantToolBudget(tx, tenantId, toolId, body),
    });
  }

  async deleteTenantToolBudget(
    context: ChangeContext,
    tenantId: string,
    toolId: string,
  ): Promise<void> {
    await this.tenantAndTool(tenantId, toolId);
    await this.delete(context, this.tenantToolSlot(tenantId, toolId));
  }

  private tenantSlot(tenantId: string): Omit<BudgetSlot<TenantBudgetResource>, 'put'> {
    return {
      entityType: 'tenant_budget',
      entityId: tenantId,
      tenantId,
      lock: (tx) => this.budgets.lockTenantBudget(tx, tenantId),
      remove: (tx) => this.budgets.deleteTenantBudget(tx, tenantId),
      missing: `Tenant ${tenantId} has no budget (no tenant-wide limits).`,
    };
  }

  private toolSlot(tool: ToolRecord): Omit<BudgetSlot<ToolBudgetResource>, 'put'> {
    const toolId = tool.resource.id;
    return {
      entityType: 'tool_budget',
      entityId: toolId,
      tenantId: tool.tenantId,
      lock: (tx) => this.budgets.lockToolBudget(tx, toolId),
      remove: (tx) => this.budgets.deleteToolBudget(tx, toolId),
      missing: `Tool ${toolId} has no budget (no per-tool limits).`,
    };
  }

  private tenantToolSlot(
    tenantId: string,
    toolId: string,
  ): Omit<BudgetSlot<TenantToolBudgetResource>, 'put'> {
    return {
      entityType: 'tenant_tool_budget',
      entityId: `${tenantId}:${toolId}`,
      tenantId,
      lock: (tx) => this.budgets.lockTenantToolBudget(tx, tenantId, toolId),
      remove: (tx) => this.budgets.deleteTenantToolBudget(tx, tenantId, toolId),
      missing: `Tenant ${tenantId} has no budget on tool ${toolId}.`,
    };
  }

  /** Both exist, and the tenant can call the tool (it is shared or the tenant's own). */
  private async tenantAndTool(tenantId: string, toolId: string): Promise<void> {
    await this.tenants.get(tenantId);
    const tool = await this.tools.record(toolId);
    if (tool.tenantId !== null && tool.tenantId !== tenantId) {
      throw DomainError.validation([
        { path: 'toolId', message: `belongs to an upstream of another tenant than ${tenantId}` },
      ]);
    }
  }

  private put<T extends JsonObject>(context: ChangeContext, slot: BudgetSlot<T>): Promise<T> {
    return this.transactions.run(async (tx) => {
      const before = await slot.lock(tx);
      const after = await slot.put(tx);
      await this.history.record(tx, context, {
        entityType: slot.entityType,
        entityId: slot.entityId,
        tenantId: slot.tenantId,
        action: before ? 'update' : 'create',
        before: before ?? null,
        after,
      });
      return after;
    });
  }

  private delete<T extends JsonObject>(
    context: ChangeContext,
    slot: Omit<BudgetSlot<T>, 'put'>,
  ): Promise<void> {
    return this.transactions.run(async (tx) => {
      const before = await slot.lock(tx);
      if (!before) throw new DomainError('not_found', slot.missing);
      await slot.remove(tx);
      await this.history.record(tx, context, {
        entityType: slot.entityType,
        entityId: slot.entityId,
        tenantId: slot.tenantId,
        action: 'delete',
        before,
        after: null,
      });
    });
  }
}
