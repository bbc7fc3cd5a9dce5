import { Inject } from '@nestjs/common';
import {
  listUpstreamToolsQuerySchema,
  READ_ROLES,
  toolDetailSchema,
  toolIdParamsSchema,
  toolPageSchema,
  toolResourceSchema,
  updateToolBodySchema,
  upstreamIdParamsSchema,
} from '@gatehouse/contracts';
import type {
  IdParams,
  ListUpstreamToolsQuery,
  ToolDetail,
  ToolPage,
  ToolResource,
  UpdateToolBody,
} from '@gatehouse/contracts';
import { ChangeCtx } from '../auth/change-context.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import { ApiController } from '../common/api/api-controller.decorator.js';
import { ApiRoute } from '../common/api/api-route.decorator.js';
import { ZodBody, ZodParams, ZodQuery } from '../common/api/zod-input.decorators.js';
import type { ChangeContext } from '../config-history/change-context.js';
import { ToolsService } from './tools.service.js';

@ApiController({ path: '', tag: 'Tools' })
export class ToolsController {
  constructor(@Inject(ToolsService) private readonly tools: ToolsService) {}

  @ApiRoute({
    method: 'GET',
    path: 'upstreams/:id/tools',
    operationId: 'listUpstreamTools',
    summary: "List an upstream's tools",
    description:
      'As discovered by introspection; tools it no longer lists only with includeRemoved.',
    response: toolPageSchema,
    errors: ['not_found'],
  })
  @Roles(...READ_ROLES)
  listForUpstream(
    @ZodParams(upstreamIdParamsSchema) params: IdParams,
    @ZodQuery(listUpstreamToolsQuerySchema) query: ListUpstreamToolsQuery,
  ): Promise<ToolPage> {
    return this.tools.listForUpstream(params.id, query);
  }

  @ApiRoute({
    method: 'GET',
    path: 'tools/:id',
    operationId: 'getTool',
    summary: 'Get a tool with all its versions',
    response: toolDetailSchema,
    errors: ['not_found'],
  })
  @Roles(...READ_ROLES)
  get(@ZodParams(toolIdParamsSchema) params: IdParams): Promise<ToolDetail> {
    return this.tools.get(params.id);
  }

  @ApiRoute({
    method: 'PATCH',
    path: 'tools/:id',
    operationId: 'updateTool',
    summary: "Change a tool's tier, enabled flag, required scopes or pinned version",
    description:
      "Only the fields given change. Required scopes must exist (404 names the missing ones); a pinned version must be one of this tool's.",
    response: toolResourceSchema,
    errors: ['not_found'],
  })
  @Roles('admin')
  update(
    @ChangeCtx() context: ChangeContext,
    @ZodParams(toolIdParamsSchema) params: IdParams,
    @ZodBody(updateToolBodySchema) body: UpdateToolBody,
  ): Promise<ToolResource> {
    return this.tools.update(context, params.id, body);
  }
}
