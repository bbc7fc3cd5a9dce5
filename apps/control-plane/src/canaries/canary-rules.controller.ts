import { Inject } from '@nestjs/common';
import {
  canaryRuleIdParamsSchema,
  canaryRulePageSchema,
  canaryRuleResourceSchema,
  createCanaryRuleBodySchema,
  listCanaryRulesQuerySchema,
  READ_ROLES,
  updateCanaryRuleBodySchema,
} from '@gatehouse/contracts';
import type {
  CanaryRulePage,
  CanaryRuleResource,
  CreateCanaryRuleBody,
  IdParams,
  ListCanaryRulesQuery,
  UpdateCanaryRuleBody,
} from '@gatehouse/contracts';
import { ChangeCtx } from '../auth/change-context.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import { ApiController } from '../common/api/api-controller.decorator.js';
import { ApiRoute } from '../common/api/api-route.decorator.js';
import { ZodBody, ZodParams, ZodQuery } from '../common/api/zod-input.decorators.js';
import type { ChangeContext } from '../config-history/change-context.js';
import { CanaryRulesService } from './canary-rules.service.js';

@ApiController({ path: 'canary-rules', tag: 'Canary rules' })
export class CanaryRulesController {
  constructor(@Inject(CanaryRulesService) private readonly rules: CanaryRulesService) {}

  @ApiRoute({
    method: 'GET',
    operationId: 'listCanaryRules',
    summary: 'List canary rules',
    description: 'Filter by tool or by tenant.',
    response: canaryRulePageSchema,
  })
  @Roles(...READ_ROLES)
  list(@ZodQuery(listCanaryRulesQuerySchema) query: ListCanaryRulesQuery): Promise<CanaryRulePage> {
    return this.rules.list(query);
  }

  @ApiRoute({
    method: 'POST',
    operationId: 'createCanaryRule',
    summary: 'Route a tenant, a client or a share of clients to a tool version',
    description:
      "Stored now, enforced by gateways in a later release. The version must be one of the tool's; a client must belong to the tenant given; the tool must be callable by them.",
    status: 201,
    response: canaryRuleResourceSchema,
    errors: ['not_found'],
  })
  @Roles('admin')
  create(
    @ChangeCtx() context: ChangeContext,
    @ZodBody(createCanaryRuleBodySchema) body: CreateCanaryRuleBody,
  ): Promise<CanaryRuleResource> {
    return this.rules.create(context, body);
  }

  @ApiRoute({
    method: 'GET',
    path: ':id',
    operationId: 'getCanaryRule',
    summary: 'Get a canary rule',
    response: canaryRuleResourceSchema,
    errors: ['not_found'],
  })
  @Roles(...READ_ROLES)
  get(@ZodParams(canaryRuleIdParamsSchema) params: IdParams): Promise<CanaryRuleResource> {
    return this.rules.get(params.id);
  }

  @ApiRoute({
    method: 'PATCH',
    path: ':id',
    operationId: 'updateCanaryRule',
    summary: 'Change a canary rule',
    description:
      'Version, share, priority, enabled flag and description; whom it matches is fixed.',
    response: canaryRuleResourceSchema,
    errors: ['not_found'],
  })
  @Roles('admin')
  update(
    @ChangeCtx() context: ChangeContext,
    @ZodParams(canaryRuleIdParamsSchema) params: IdParams,
    @ZodBody(updateCanaryRuleBodySchema) body: UpdateCanaryRuleBody,
  ): Promise<CanaryRuleResource> {
    return this.rules.update(context, params.id, body);
  }

  @ApiRoute({
    method: 'DELETE',
    path: ':id',
    operationId: 'deleteCanaryRule',
    summary: 'Delete a canary rule',
    status: 204,
    responseDescription: 'Deleted',
    errors: ['not_found'],
  })
  @Roles('admin')
  delete(
    @ChangeCtx() context: ChangeContext,
    @ZodParams(canaryRuleIdParamsSchema) params: IdParams,
  ): Promise<void> {
    return this.rules.delete(context, params.id);
  }
}
