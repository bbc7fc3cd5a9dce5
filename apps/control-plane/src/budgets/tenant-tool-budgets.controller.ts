import { Inject } from '@nestjs/common';
import {
  listTenantToolBudgetsQuerySchema,
  READ_ROLES,
  tenantBudgetParamsSchema,
  tenantToolBudgetPageSchema,
  tenantToolBudgetParamsSchema,
  tenantToolBudgetResourceSchema,
  toolBudgetBodySchema,
} from '@gatehouse/contracts';
import type {
  ListTenantToolBudgetsQuery,
  TenantBudgetParams,
  TenantToolBudgetPage,
  TenantToolBudgetParams,
  TenantToolBudgetResource,
  ToolBudgetBody,
} from '@gatehouse/contracts';
import { ChangeCtx } from '../auth/change-context.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import { ApiController } from '../common/api/api-controller.decorator.js';
import { ApiRoute } from '../common/api/api-route.decorator.js';
import { ZodBody, ZodParams, ZodQuery } from '../common/api/zod-input.decorators.js';
import type { ChangeContext } from '../config-history/change-context.js';
import { BudgetsService } from './budgets.service.js';

@ApiController({ path: 'tenants/:tenantId/tool-budgets', tag: 'Budgets' })
export class TenantToolBudgetsController {
  constructor(@Inject(BudgetsService) private readonly budgets: BudgetsService) {}

  @ApiRoute({
    method: 'GET',
    operationId: 'listTenantToolBudgets',
    summary: "List a tenant's budgets on single tools",
    response: tenantToolBudgetPageSchema,
    errors: ['not_found'],
  })
  @Roles(...READ_ROLES)
  list(
    @ZodParams(tenantBudgetParamsSchema) params: TenantBudgetParams,
    @ZodQuery(listTenantToolBudgetsQuerySchema) query: ListTenantToolBudgetsQuery,
  ): Promise<TenantToolBudgetPage> {
    return this.budgets.listTenantToolBudgets(params.tenantId, query);
  }

  @ApiRoute({
    method: 'GET',
    path: ':toolId',
    operationId: 'getTenantToolBudget',
    summary: "Get a tenant's limits on one tool",
    response: tenantToolBudgetResourceSchema,
    errors: ['not_found'],
  })
  @Roles(...READ_ROLES)
  get(
    @ZodParams(tenantToolBudgetParamsSchema) params: TenantToolBudgetParams,
  ): Promise<TenantToolBudgetResource> {
    return this.budgets.getTenantToolBudget(params.tenantId, params.toolId);
  }

  @ApiRoute({
    method: 'PUT',
    path: ':toolId',
    operationId: 'putTenantToolBudget',
    summary: "Set a tenant's limits on one tool",
    description:
      "Creates or replaces them; they override the tool's own budget field by field. The tool must be shared or the tenant's own.",
    response: tenantToolBudgetResourceSchema,
    errors: ['not_found'],
  })
  @Roles('admin')
  put(
    @ChangeCtx() context: ChangeContext,
    @ZodParams(tenantToolBudgetParamsSchema) params: TenantToolBudgetParams,
    @ZodBody(toolBudgetBodySchema) body: ToolBudgetBody,
  ): Promise<TenantToolBudgetResource> {
    return this.budgets.putTenantToolBudget(context, params.tenantId, params.toolId, body);
  }

  @ApiRoute({
    method: 'DELETE',
    path: ':toolId',
    operationId: 'deleteTenantToolBudget',
    summary: "Remove a tenant's limits on one tool",
    status: 204,
    responseDescription: 'Deleted',
    errors: ['not_found'],
  })
  @Roles('admin')
  delete(
    @ChangeCtx() context: ChangeContext,
    @ZodParams(tenantToolBudgetParamsSchema) params: TenantToolBudgetParams,
  ): Promise<void> {
    return this.budgets.deleteTenantToolBudget(context, params.tenantId, params.toolId);
  }
}
