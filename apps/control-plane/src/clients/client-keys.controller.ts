import { Inject } from '@nestjs/common';
import {
  clientKeyPageSchema,
  clientKeyParamsSchema,
  clientKeyResourceSchema,
  clientKeysParamsSchema,
  createClientKeyBodySchema,
  issuedClientKeySchema,
  listClientKeysQuerySchema,
  READ_ROLES,
  revokeClientKeyBodySchema,
  rotateClientKeyBodySchema,
  rotatedClientKeySchema,
} from '@gatehouse/contracts';
import type {
  ClientKeyPage,
  ClientKeyParams,
  ClientKeyResource,
  ClientKeysParams,
  CreateClientKeyBody,
  IssuedClientKey,
  ListClientKeysQuery,
  RevokeClientKeyBody,
  RotateClientKeyBody,
  RotatedClientKey,
} from '@gatehouse/contracts';
import { ChangeCtx } from '../auth/change-context.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import { ApiController } from '../common/api/api-controller.decorator.js';
import { ApiRoute } from '../common/api/api-route.decorator.js';
import { ZodBody, ZodParams, ZodQuery } from '../common/api/zod-input.decorators.js';
import type { ChangeContext } from '../config-history/change-context.js';
import { ClientKeysService } from './client-keys.service.js';

@ApiController({ path: 'clients/:id/keys', tag: 'Clients' })
export class ClientKeysController {
  constructor(@Inject(ClientKeysService) private readonly keys: ClientKeysService) {}

  @ApiRoute({
    method: 'GET',
    operationId: 'listClientKeys',
    summary: "List a client's API keys",
    description: 'Prefix, dates and status of each key; never the key itself.',
    response: clientKeyPageSchema,
    errors: ['not_found'],
  })
  @Roles(...READ_ROLES)
  list(
    @ZodParams(clientKeysParamsSchema) params: ClientKeysParams,
    @ZodQuery(listClientKeysQuerySchema) query: ListClientKeysQuery,
  ): Promise<ClientKeyPage> {
    return this.keys.list(params.id, query);
  }

  @ApiRoute({
    method: 'POST',
    operationId: 'createClientKey',
    summary: 'Create an API key for a client',
    description:
      'The answer carries the key this once; only its SHA-256 hash and a lookup prefix are stored.',
    status: 201,
    response: issuedClientKeySchema,
    errors: ['not_found'],
  })
  @Roles('admin')
  create(
    @ChangeCtx() context: ChangeContext,
    @ZodParams(clientKeysParamsSchema) params: ClientKeysParams,
    @ZodBody(createClientKeyBodySchema) body: CreateClientKeyBody,
  ): Promise<IssuedClientKey> {
    return this.keys.create(context, params.id, body);
  }

  @ApiRoute({
    method: 'POST',
    path: ':keyId/rotate',
    operationId: 'rotateClientKey',
    summary: 'Replace an API key with a new one',
    description:
      'The new key is shown this once. The old key expires after `gracePeriodSeconds` (default: now), ' +
      'or earlier if it was due to expire sooner. A revoked, expired or already rotated key is a 409.',
    status: 201,
    response: rotatedClientKeySchema,
    errors: ['not_found', 'conflict'],
  })
  @Roles('admin')
  rotate(
    @ChangeCtx() context: ChangeContext,
    @ZodParams(clientKeyParamsSchema) params: ClientKeyParams,
    @ZodBody(rotateClientKeyBodySchema) body: RotateClientKeyBody,
  ): Promise<RotatedClientKey> {
    return this.keys.rotate(context, params.id, params.keyId, body);
  }

  @ApiRoute({
    method: 'POST',
    path: ':keyId/revoke',
    operationId: 'revokeClientKey',
    summary: 'Revoke an API key now',
    response: clientKeyResourceSchema,
    errors: ['not_found', 'conflict'],
  })
  @Roles('admin')
  revoke(
    @ChangeCtx() context: ChangeContext,
    @ZodParams(clientKeyParamsSchema) params: ClientKeyParams,
    @ZodBody(revokeClientKeyBodySchema) body: RevokeClientKeyBody,
  ): Promise<ClientKeyResource> {
    return this.keys.revoke(context, params.id, params.keyId, body);
  }
}
