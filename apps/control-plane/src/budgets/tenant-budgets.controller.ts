import { Inject } from '@nestjs/common';
import {
  READ_ROLES,
  tenantBudgetBodySchema,
  tenantBudgetParamsSchema,
  tenantBudgetResourceSchema,
} from '@gatehouse/contracts';
import type {
  TenantBudgetBody,
  TenantBudgetParams,
  TenantBudgetResource,
} from '@gatehouse/contracts';
import { ChangeCtx } from '../auth/change-context.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import { ApiController } from '../common/api/api-controller.decorator.js';
import { ApiRoute } from '../common/api/api-route.decorator.js';
import { ZodBody, ZodParams } from '../common/api/zod-input.decorators.js';
import type { ChangeContext } from '../config-history/change-context.js';
import { BudgetsService } from './budgets.service.js';

@ApiController({ path: 'tenants/:tenantId/budget', tag: 'Budgets' })
export class TenantBudgetsController {
  constructor(@Inject(BudgetsService) private readonly budgets: BudgetsService) {}

  @ApiRoute({
    method: 'GET',
    operationId: 'getTenantBudget',
    summary: "Get a tenant's limits",
    response: tenantBudgetResourceSchema,
    errors: ['not_found'],
  })
  @Roles(...READ_ROLES)
  get(
    @ZodParams(tenantBudgetParamsSchema) params: TenantBudgetParams,
  ): Promise<TenantBudgetResource> {
    return this.budgets.getTenantBudget(params.tenantId);
  }

  @ApiRoute({
    method: 'PUT',
    operationId: 'putTenantBudget',
    summary: "Set a tenant's limits",
    description:
      'Creates or replaces the budget: limits left out are unset (no limit of that kind). Stored now, enforced by gateways in a later release.',
    response: tenantBudgetResourceSchema,
    errors: ['not_found'],
  })
  @Roles('admin')
  put(
    @ChangeCtx() context: ChangeContext,
    @ZodParams(tenantBudgetParamsSchema) params: TenantBudgetParams,
    @ZodBody(tenantBudgetBodySchema) body: TenantBudgetBody,
  ): Promise<TenantBudgetResource> {
    return this.budgets.putTenantBudget(context, params.tenantId, body);
  }

  @ApiRoute({
    method: 'DELETE',
    operationId: 'deleteTenantBudget',
    summary: "Remove a tenant's limits",
    status: 204,
    responseDescription: 'Deleted',
    errors: ['not_found'],
  })
  @Roles('admin')
  delete(
    @ChangeCtx() context: ChangeContext,
    @ZodParams(tenantBudgetParamsSchema) params: TenantBudgetParams,
  ): Promise<void> {
    return this.budgets.deleteTenantBudget(context, params.tenantId);
  }
}
