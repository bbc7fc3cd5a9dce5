import { Inject } from '@nestjs/common';
import {
  createUpstreamBodySchema,
  listUpstreamsQuerySchema,
  READ_ROLES,
  updateUpstreamBodySchema,
  upstreamIdParamsSchema,
  upstreamPageSchema,
  upstreamResourceSchema,
} from '@gatehouse/contracts';
import type {
  CreateUpstreamBody,
  IdParams,
  ListUpstreamsQuery,
  UpdateUpstreamBody,
  UpstreamPage,
  UpstreamResource,
} from '@gatehouse/contracts';
import { ChangeCtx } from '../auth/change-context.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import { ApiController } from '../common/api/api-controller.decorator.js';
import { ApiRoute } from '../common/api/api-route.decorator.js';
import { ZodBody, ZodParams, ZodQuery } from '../common/api/zod-input.decorators.js';
import type { ChangeContext } from '../config-history/change-context.js';
import { UpstreamsService } from './upstreams.service.js';

@ApiController({ path: 'upstreams', tag: 'Upstreams' })
export class UpstreamsController {
  constructor(@Inject(UpstreamsService) private readonly upstreams: UpstreamsService) {}

  @ApiRoute({
    method: 'GET',
    operationId: 'listUpstreams',
    summary: 'List upstream MCP servers',
    description: 'Filter by owning tenant, or to the shared ones.',
    response: upstreamPageSchema,
    errors: ['not_found'],
  })
  @Roles(...READ_ROLES)
  list(@ZodQuery(listUpstreamsQuerySchema) query: ListUpstreamsQuery): Promise<UpstreamPage> {
    return this.upstreams.list(query);
  }

  @ApiRoute({
    method: 'POST',
    operationId: 'createUpstream',
    summary: 'Add an upstream MCP server',
    description:
      'Streamable HTTP (url, headers) or stdio (command, args, env), owned by a tenant or shared. ' +
      'Names and tool prefixes must be unique among the upstreams any one tenant sees (409). ' +
      'Introspect it (POST /upstreams/{id}/introspect) to fill its tool catalog.',
    status: 201,
    response: upstreamResourceSchema,
    errors: ['not_found', 'conflict'],
  })
  @Roles('admin')
  create(
    @ChangeCtx() context: ChangeContext,
    @ZodBody(createUpstreamBodySchema) body: CreateUpstreamBody,
  ): Promise<UpstreamResource> {
    return this.upstreams.create(context, body);
  }

  @ApiRoute({
    method: 'GET',
    path: ':id',
    operationId: 'getUpstream',
    summary: 'Get an upstream',
    response: upstreamResourceSchema,
    errors: ['not_found'],
  })
  @Roles(...READ_ROLES)
  get(@ZodParams(upstreamIdParamsSchema) params: IdParams): Promise<UpstreamResource> {
    return this.upstreams.get(params.id);
  }

  @ApiRoute({
    method: 'PATCH',
    path: ':id',
    operationId: 'updateUpstream',
    summary: 'Change an upstream',
    description:
      'Only the fields given change; a transport is replaced whole. Name and owner are immutable.',
    response: upstreamResourceSchema,
    errors: ['not_found', 'conflict'],
  })
  @Roles('admin')
  update(
    @ChangeCtx() context: ChangeContext,
    @ZodParams(upstreamIdParamsSchema) params: IdParams,
    @ZodBody(updateUpstreamBodySchema) body: UpdateUpstreamBody,
  ): Promise<UpstreamResource> {
    return this.upstreams.update(context, params.id, body);
  }

  @ApiRoute({
    method: 'DELETE',
    path: ':id',
    operationId: 'deleteUpstream',
    summary: 'Delete an upstream and its tool catalog',
    status: 204,
    responseDescription: 'Deleted',
    errors: ['not_found'],
  })
  @Roles('admin')
  delete(
    @ChangeCtx() context: ChangeContext,
    @ZodParams(upstreamIdParamsSchema) params: IdParams,
  ): Promise<void> {
    return this.upstreams.delete(context, params.id);
  }
}
