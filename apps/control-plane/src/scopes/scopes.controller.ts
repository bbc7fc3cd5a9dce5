import { Inject } from '@nestjs/common';
import {
  createScopeBodySchema,
  idParamsSchema,
  listScopesQuerySchema,
  READ_ROLES,
  scopePageSchema,
  scopeResourceSchema,
  updateScopeBodySchema,
} from '@gatehouse/contracts';
import type {
  CreateScopeBody,
  IdParams,
  ListScopesQuery,
  ScopePage,
  ScopeResource,
  UpdateScopeBody,
} from '@gatehouse/contracts';
import { ChangeCtx } from '../auth/change-context.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import { ApiController } from '../common/api/api-controller.decorator.js';
import { ApiRoute } from '../common/api/api-route.decorator.js';
import { ZodBody, ZodParams, ZodQuery } from '../common/api/zod-input.decorators.js';
import type { ChangeContext } from '../config-history/change-context.js';
import { ScopesService } from './scopes.service.js';

@ApiController({ path: 'scopes', tag: 'Scopes' })
export class ScopesController {
  constructor(@Inject(ScopesService) private readonly scopes: ScopesService) {}

  @ApiRoute({
    method: 'GET',
    operationId: 'listScopes',
    summary: 'List scopes',
    response: scopePageSchema,
  })
  @Roles(...READ_ROLES)
  list(@ZodQuery(listScopesQuerySchema) query: ListScopesQuery): Promise<ScopePage> {
    return this.scopes.list(query);
  }

  @ApiRoute({
    method: 'POST',
    operationId: 'createScope',
    summary: 'Create a scope',
    description:
      'Scopes are global: tools of any upstream require them, clients of any tenant get them.',
    status: 201,
    response: scopeResourceSchema,
    errors: ['conflict'],
  })
  @Roles('admin')
  create(
    @ChangeCtx() context: ChangeContext,
    @ZodBody(createScopeBodySchema) body: CreateScopeBody,
  ): Promise<ScopeResource> {
    return this.scopes.create(context, body);
  }

  @ApiRoute({
    method: 'GET',
    path: ':id',
    operationId: 'getScope',
    summary: 'Get a scope',
    response: scopeResourceSchema,
    errors: ['not_found'],
  })
  @Roles(...READ_ROLES)
  get(@ZodParams(idParamsSchema) params: IdParams): Promise<ScopeResource> {
    return this.scopes.get(params.id);
  }

  @ApiRoute({
    method: 'PATCH',
    path: ':id',
    operationId: 'updateScope',
    summary: "Change a scope's description",
    description: 'The name is immutable: grants, tools and snapshots refer to it.',
    response: scopeResourceSchema,
    errors: ['not_found'],
  })
  @Roles('admin')
  update(
    @ChangeCtx() context: ChangeContext,
    @ZodParams(idParamsSchema) params: IdParams,
    @ZodBody(updateScopeBodySchema) body: UpdateScopeBody,
  ): Promise<ScopeResource> {
    return this.scopes.update(context, params.id, body);
  }

  @ApiRoute({
    method: 'DELETE',
    path: ':id',
    operationId: 'deleteScope',
    summary: 'Delete a scope nobody uses',
    description: 'A scope still granted to a client or required by a tool is a 409 naming them.',
    status: 204,
    responseDescription: 'Deleted',
    errors: ['not_found', 'conflict'],
  })
  @Roles('admin')
  delete(
    @ChangeCtx() context: ChangeContext,
    @ZodParams(idParamsSchema) params: IdParams,
  ): Promise<void> {
    return this.scopes.delete(context, params.id);
  }
}
