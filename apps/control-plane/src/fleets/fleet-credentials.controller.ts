import { Inject } from '@nestjs/common';
import {
  createdFleetCredentialSchema,
  createFleetCredentialBodySchema,
  fleetCredentialPageSchema,
  fleetCredentialParamsSchema,
  fleetIdParamsSchema,
  listFleetCredentialsQuerySchema,
  READ_ROLES,
} from '@gatehouse/contracts';
import type {
  CreatedFleetCredential,
  CreateFleetCredentialBody,
  FleetCredentialPage,
  FleetCredentialParams,
  IdParams,
  ListFleetCredentialsQuery,
} from '@gatehouse/contracts';
import { ChangeCtx } from '../auth/change-context.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import { ApiController } from '../common/api/api-controller.decorator.js';
import { ApiRoute } from '../common/api/api-route.decorator.js';
import { ZodBody, ZodParams, ZodQuery } from '../common/api/zod-input.decorators.js';
import type { ChangeContext } from '../config-history/change-context.js';
import { FleetCredentialsService } from './fleet-credentials.service.js';

@ApiController({ path: 'fleets', tag: 'Fleets' })
export class FleetCredentialsController {
  constructor(
    @Inject(FleetCredentialsService) private readonly credentials: FleetCredentialsService,
  ) {}

  @ApiRoute({
    method: 'GET',
    path: ':id/credentials',
    operationId: 'listFleetCredentials',
    summary: "List a fleet's node credentials (never their secrets)",
    response: fleetCredentialPageSchema,
    errors: ['not_found'],
  })
  @Roles(...READ_ROLES)
  list(
    @ZodParams(fleetIdParamsSchema) params: IdParams,
    @ZodQuery(listFleetCredentialsQuerySchema) query: ListFleetCredentialsQuery,
  ): Promise<FleetCredentialPage> {
    return this.credentials.list(params.id, query);
  }

  @ApiRoute({
    method: 'POST',
    path: ':id/credentials',
    operationId: 'createFleetCredential',
    summary: 'Create a node credential for a fleet',
    description:
      'The secret is in this response only; the control plane keeps its SHA-256. Every node of the fleet may share one credential (nodes are interchangeable); give each deployment its own to revoke them separately.',
    status: 201,
    response: createdFleetCredentialSchema,
    errors: ['not_found'],
  })
  @Roles('admin')
  create(
    @ChangeCtx() context: ChangeContext,
    @ZodParams(fleetIdParamsSchema) params: IdParams,
    @ZodBody(createFleetCredentialBodySchema) body: CreateFleetCredentialBody,
  ): Promise<CreatedFleetCredential> {
    return this.credentials.create(context, params.id, body);
  }

  @ApiRoute({
    method: 'DELETE',
    path: ':id/credentials/:credentialId',
    operationId: 'revokeFleetCredential',
    summary: 'Revoke a node credential',
    description:
      'Nodes using it are refused from their next poll or heartbeat (they keep serving their last snapshot). The record stays, marked revoked. Revoking twice is harmless.',
    status: 204,
    responseDescription: 'Revoked',
    errors: ['not_found'],
  })
  @Roles('admin')
  revoke(
    @ChangeCtx() context: ChangeContext,
    @ZodParams(fleetCredentialParamsSchema) params: FleetCredentialParams,
  ): Promise<void> {
    return this.credentials.revoke(context, params.id, params.credentialId);
  }
}
