import { Inject } from '@nestjs/common';
import {
  createFleetBodySchema,
  fleetIdParamsSchema,
  fleetPageSchema,
  fleetResourceSchema,
  listFleetsQuerySchema,
  READ_ROLES,
  updateFleetBodySchema,
} from '@gatehouse/contracts';
import type {
  CreateFleetBody,
  FleetPage,
  FleetResource,
  IdParams,
  ListFleetsQuery,
  UpdateFleetBody,
} from '@gatehouse/contracts';
import { ChangeCtx } from '../auth/change-context.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import { ApiController } from '../common/api/api-controller.decorator.js';
import { ApiRoute } from '../common/api/api-route.decorator.js';
import { ZodBody, ZodParams, ZodQuery } from '../common/api/zod-input.decorators.js';
import type { ChangeContext } from '../config-history/change-context.js';
import { FleetsService } from './fleets.service.js';

@ApiController({ path: 'fleets', tag: 'Fleets' })
export class FleetsController {
  constructor(@Inject(FleetsService) private readonly fleets: FleetsService) {}

  @ApiRoute({
    method: 'GET',
    operationId: 'listFleets',
    summary: 'List gateway fleets',
    response: fleetPageSchema,
  })
  @Roles(...READ_ROLES)
  list(@ZodQuery(listFleetsQuerySchema) query: ListFleetsQuery): Promise<FleetPage> {
    return this.fleets.list(query);
  }

  @ApiRoute({
    method: 'POST',
    operationId: 'createFleet',
    summary: 'Create a gateway fleet',
    description:
      'A fleet is a set of interchangeable gateway nodes sharing one signed snapshot: the upstreams and tools of the tenants it serves, plus the shared ones.',
    status: 201,
    response: fleetResourceSchema,
    errors: ['conflict', 'not_found'],
  })
  @Roles('admin')
  create(
    @ChangeCtx() context: ChangeContext,
    @ZodBody(createFleetBodySchema) body: CreateFleetBody,
  ): Promise<FleetResource> {
    return this.fleets.create(context, body);
  }

  @ApiRoute({
    method: 'GET',
    path: ':id',
    operationId: 'getFleet',
    summary: 'Get a gateway fleet',
    response: fleetResourceSchema,
    errors: ['not_found'],
  })
  @Roles(...READ_ROLES)
  get(@ZodParams(fleetIdParamsSchema) params: IdParams): Promise<FleetResource> {
    return this.fleets.get(params.id);
  }

  @ApiRoute({
    method: 'PATCH',
    path: ':id',
    operationId: 'updateFleet',
    summary: 'Change a gateway fleet',
    description: 'Only the fields given change; `tenantIds` replaces the set of tenants served.',
    response: fleetResourceSchema,
    errors: ['not_found', 'conflict'],
  })
  @Roles('admin')
  update(
    @ChangeCtx() context: ChangeContext,
    @ZodParams(fleetIdParamsSchema) params: IdParams,
    @ZodBody(updateFleetBodySchema) body: UpdateFleetBody,
  ): Promise<FleetResource> {
    return this.fleets.update(context, params.id, body);
  }

  @ApiRoute({
    method: 'DELETE',
    path: ':id',
    operationId: 'deleteFleet',
    summary: 'Delete a gateway fleet',
    description:
      'Deletes its node credentials, node records and snapshots too. Its nodes keep serving their last snapshot, but get no new one.',
    status: 204,
    responseDescription: 'Deleted',
    errors: ['not_found'],
  })
  @Roles('admin')
  delete(
    @ChangeCtx() context: ChangeContext,
    @ZodParams(fleetIdParamsSchema) params: IdParams,
  ): Promise<void> {
    return this.fleets.delete(context, params.id);
  }
}
