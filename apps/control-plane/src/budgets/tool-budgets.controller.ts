import { Inject } from '@nestjs/common';
import {
  READ_ROLES,
  toolBudgetBodySchema,
  toolBudgetParamsSchema,
  toolBudgetResourceSchema,
} from '@gatehouse/contracts';
import type { ToolBudgetBody, ToolBudgetParams, ToolBudgetResource } from '@gatehouse/contracts';
import { ChangeCtx } from '../auth/change-context.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import { ApiController } from '../common/api/api-controller.decorator.js';
import { ApiRoute } from '../common/api/api-route.decorator.js';
import { ZodBody, ZodParams } from '../common/api/zod-input.decorators.js';
import type { ChangeContext } from '../config-history/change-context.js';
import { BudgetsService } from './budgets.service.js';

@ApiController({ path: 'tools/:toolId/budget', tag: 'Budgets' })
export class ToolBudgetsController {
  constructor(@Inject(BudgetsService) private readonly budgets: BudgetsService) {}

  @ApiRoute({
    method: 'GET',
    operationId: 'getToolBudget',
    summary: "Get a tool's limits (for every tenant)",
    response: toolBudgetResourceSchema,
    errors: ['not_found'],
  })
  @Roles(...READ_ROLES)
  get(@ZodParams(toolBudgetParamsSchema) params: ToolBudgetParams): Promise<ToolBudgetResource> {
    return this.budgets.getToolBudget(params.toolId);
  }

  @ApiRoute({
    method: 'PUT',
    operationId: 'putToolBudget',
    summary: "Set a tool's limits (for every tenant)",
    description:
      'Creates or replaces the budget: limits left out are unset. A tenant budget on the tool overrides it field by field.',
    response: toolBudgetResourceSchema,
    errors: ['not_found'],
  })
  @Roles('admin')
  put(
    @ChangeCtx() context: ChangeContext,
    @ZodParams(toolBudgetParamsSchema) params: ToolBudgetParams,
    @ZodBody(toolBudgetBodySchema) body: ToolBudgetBody,
  ): Promise<ToolBudgetResource> {
    return this.budgets.putToolBudget(context, params.toolId, body);
  }

  @ApiRoute({
    method: 'DELETE',
    operationId: 'deleteToolBudget',
    summary: "Remove a tool's limits",
    status: 204,
    responseDescription: 'Deleted',
    errors: ['not_found'],
  })
  @Roles('admin')
  delete(
    @ChangeCtx() context: ChangeContext,
    @ZodParams(toolBudgetParamsSchema) params: ToolBudgetParams,
  ): Promise<void> {
    return this.budgets.deleteToolBudget(context, params.toolId);
  }
}
