import { Inject } from '@nestjs/common';
import {
  clientPageSchema,
  clientResourceSchema,
  createClientBodySchema,
  listClientsQuerySchema,
  READ_ROLES,
  tenantClientParamsSchema,
  tenantClientsParamsSchema,
  updateClientBodySchema,
} from '@gatehouse/contracts';
import type {
  ClientPage,
  ClientResource,
  CreateClientBody,
  ListClientsQuery,
  TenantClientParams,
  TenantClientsParams,
  UpdateClientBody,
} from '@gatehouse/contracts';
import { ChangeCtx } from '../auth/change-context.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import { ApiController } from '../common/api/api-controller.decorator.js';
import { ApiRoute } from '../common/api/api-route.decorator.js';
import { ZodBody, ZodParams, ZodQuery } from '../common/api/zod-input.decorators.js';
import type { ChangeContext } from '../config-history/change-context.js';
import { ClientsService } from './clients.service.js';

@ApiController({ path: 'tenants/:tenantId/clients', tag: 'Clients' })
export class ClientsController {
  constructor(@Inject(ClientsService) private readonly clients: ClientsService) {}

  @ApiRoute({
    method: 'GET',
    operationId: 'listClients',
    summary: "List a tenant's clients",
    response: clientPageSchema,
    errors: ['not_found'],
  })
  @Roles(...READ_ROLES)
  list(
    @ZodParams(tenantClientsParamsSchema) params: TenantClientsParams,
    @ZodQuery(listClientsQuerySchema) query: ListClientsQuery,
  ): Promise<ClientPage> {
    return this.clients.list(params.tenantId, query);
  }

  @ApiRoute({
    method: 'POST',
    operationId: 'createClient',
    summary: 'Create a client of a tenant',
    description:
      'A client calls tools through the gateway with API keys (POST /clients/{id}/keys).',
    status: 201,
    response: clientResourceSchema,
    errors: ['not_found', 'conflict'],
  })
  @Roles('admin')
  create(
    @ChangeCtx() context: ChangeContext,
    @ZodParams(tenantClientsParamsSchema) params: TenantClientsParams,
    @ZodBody(createClientBodySchema) body: CreateClientBody,
  ): Promise<ClientResource> {
    return this.clients.create(context, params.tenantId, body);
  }

  @ApiRoute({
    method: 'GET',
    path: ':clientId',
    operationId: 'getClient',
    summary: 'Get a client',
    response: clientResourceSchema,
    errors: ['not_found'],
  })
  @Roles(...READ_ROLES)
  get(@ZodParams(tenantClientParamsSchema) params: TenantClientParams): Promise<ClientResource> {
    return this.clients.get(params.tenantId, params.clientId);
  }

  @ApiRoute({
    method: 'PATCH',
    path: ':clientId',
    operationId: 'updateClient',
    summary: 'Change a client',
    description: 'Only the fields given change. The name is immutable: audit events refer to it.',
    response: clientResourceSchema,
    errors: ['not_found'],
  })
  @Roles('admin')
  update(
    @ChangeCtx() context: ChangeContext,
    @ZodParams(tenantClientParamsSchema) params: TenantClientParams,
    @ZodBody(updateClientBodySchema) body: UpdateClientBody,
  ): Promise<ClientResource> {
    return this.clients.update(context, params.tenantId, params.clientId, body);
  }

  @ApiRoute({
    method: 'DELETE',
    path: ':clientId',
    operationId: 'deleteClient',
    summary: 'Delete a client with its keys and scope grants',
    status: 204,
    responseDescription: 'Deleted',
    errors: ['not_found'],
  })
  @Roles('admin')
  delete(
    @ChangeCtx() context: ChangeContext,
    @ZodParams(tenantClientParamsSchema) params: TenantClientParams,
  ): Promise<void> {
    return this.clients.delete(context, params.tenantId, params.clientId);
  }
}
