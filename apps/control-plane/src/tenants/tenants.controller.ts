import { Inject } from '@nestjs/common';
import {
  createTenantBodySchema,
  listTenantsQuerySchema,
  READ_ROLES,
  tenantIdParamsSchema,
  tenantPageSchema,
  tenantResourceSchema,
  updateTenantBodySchema,
} from '@gatehouse/contracts';
import type {
  CreateTenantBody,
  IdParams,
  ListTenantsQuery,
  TenantPage,
  TenantResource,
  UpdateTenantBody,
} from '@gatehouse/contracts';
import { ChangeCtx } from '../auth/change-context.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import { ApiController } from '../common/api/api-controller.decorator.js';
import { ApiRoute } from '../common/api/api-route.decorator.js';
import { ZodBody, ZodParams, ZodQuery } from '../common/api/zod-input.decorators.js';
import type { ChangeContext } from '../config-history/change-context.js';
import { TenantsService } from './tenants.service.js';

@ApiController({ path: 'tenants', tag: 'Tenants' })
export class TenantsController {
  constructor(@Inject(TenantsService) private readonly tenants: TenantsService) {}

  @ApiRoute({
    method: 'GET',
    operationId: 'listTenants',
    summary: 'List tenants',
    response: tenantPageSchema,
  })
  @Roles(...READ_ROLES)
  list(@ZodQuery(listTenantsQuerySchema) query: ListTenantsQuery): Promise<TenantPage> {
    return this.tenants.list(query);
  }

  @ApiRoute({
    method: 'POST',
    operationId: 'createTenant',
    summary: 'Create a tenant',
    status: 201,
    response: tenantResourceSchema,
    errors: ['conflict'],
  })
  @Roles('admin')
  create(
    @ChangeCtx() context: ChangeContext,
    @ZodBody(createTenantBodySchema) body: CreateTenantBody,
  ): Promise<TenantResource> {
    return this.tenants.create(context, body);
  }

  @ApiRoute({
    method: 'GET',
    path: ':id',
    operationId: 'getTenant',
    summary: 'Get a tenant',
    response: tenantResourceSchema,
    errors: ['not_found'],
  })
  @Roles(...READ_ROLES)
  get(@ZodParams(tenantIdParamsSchema) params: IdParams): Promise<TenantResource> {
    return this.tenants.get(params.id);
  }

  @ApiRoute({
    method: 'PATCH',
    path: ':id',
    operationId: 'updateTenant',
    summary: 'Change a tenant',
    description:
      'Only the fields given change. The name is immutable: snapshots and audit events refer to it.',
    response: tenantResourceSchema,
    errors: ['not_found'],
  })
  @Roles('admin')
  update(
    @ChangeCtx() context: ChangeContext,
    @ZodParams(tenantIdParamsSchema) params: IdParams,
    @ZodBody(updateTenantBodySchema) body: UpdateTenantBody,
  ): Promise<TenantResource> {
    return this.tenants.update(context, params.id, body);
  }

  @ApiRoute({
    method: 'DELETE',
    path: ':id',
    operationId: 'deleteTenant',
    summary: 'Delete a tenant and everything it owns',
    description:
      'Deletes its clients, credentials, tenant upstreams and budgets too. Its config history stays.',
    status: 204,
    responseDescription: 'Deleted',
    errors: ['not_found'],
  })
  @Roles('admin')
  delete(
    @ChangeCtx() context: ChangeContext,
    @ZodParams(tenantIdParamsSchema) params: IdParams,
  ): Promise<void> {
    return this.tenants.delete(context, params.id);
  }
}
