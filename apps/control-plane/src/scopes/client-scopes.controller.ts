import { Inject } from '@nestjs/common';
import {
  clientScopeGrantPageSchema,
  clientScopeGrantSchema,
  clientScopeParamsSchema,
  clientScopesParamsSchema,
  listClientScopesQuerySchema,
  READ_ROLES,
} from '@gatehouse/contracts';
import type {
  ClientScopeGrant,
  ClientScopeGrantPage,
  ClientScopeParams,
  ClientScopesParams,
  ListClientScopesQuery,
} from '@gatehouse/contracts';
import { ChangeCtx } from '../auth/change-context.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import { ApiController } from '../common/api/api-controller.decorator.js';
import { ApiRoute } from '../common/api/api-route.decorator.js';
import { ZodParams, ZodQuery } from '../common/api/zod-input.decorators.js';
import type { ChangeContext } from '../config-history/change-context.js';
import { ClientScopesService } from './client-scopes.service.js';

@ApiController({ path: 'clients/:id/scopes', tag: 'Scopes' })
export class ClientScopesController {
  constructor(@Inject(ClientScopesService) private readonly grants: ClientScopesService) {}

  @ApiRoute({
    method: 'GET',
    operationId: 'listClientScopes',
    summary: 'List the scopes granted to a client',
    response: clientScopeGrantPageSchema,
    errors: ['not_found'],
  })
  @Roles(...READ_ROLES)
  list(
    @ZodParams(clientScopesParamsSchema) params: ClientScopesParams,
    @ZodQuery(listClientScopesQuerySchema) query: ListClientScopesQuery,
  ): Promise<ClientScopeGrantPage> {
    return this.grants.list(params.id, query);
  }

  @ApiRoute({
    method: 'PUT',
    path: ':scope',
    operationId: 'grantClientScope',
    summary: 'Grant a scope to a client',
    description: 'Idempotent: granting a scope the client already has answers the existing grant.',
    response: clientScopeGrantSchema,
    errors: ['not_found'],
  })
  @Roles('admin')
  grant(
    @ChangeCtx() context: ChangeContext,
    @ZodParams(clientScopeParamsSchema) params: ClientScopeParams,
  ): Promise<ClientScopeGrant> {
    return this.grants.grant(context, params.id, params.scope);
  }

  @ApiRoute({
    method: 'DELETE',
    path: ':scope',
    operationId: 'revokeClientScope',
    summary: 'Take a scope away from a client',
    status: 204,
    responseDescription: 'Revoked',
    errors: ['not_found'],
  })
  @Roles('admin')
  revoke(
    @ChangeCtx() context: ChangeContext,
    @ZodParams(clientScopeParamsSchema) params: ClientScopeParams,
  ): Promise<void> {
    return this.grants.revoke(context, params.id, params.scope);
  }
}
