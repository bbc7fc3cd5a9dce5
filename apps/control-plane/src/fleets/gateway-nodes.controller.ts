import { Inject, UseGuards } from '@nestjs/common';
import {
  fleetIdParamsSchema,
  gatewayNodePageSchema,
  listGatewayNodesQuerySchema,
  nodeHeartbeatBodySchema,
  READ_ROLES,
} from '@gatehouse/contracts';
import type {
  GatewayNodePage,
  IdParams,
  ListGatewayNodesQuery,
  NodeHeartbeatBody,
} from '@gatehouse/contracts';
import { Public } from '../auth/public.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import { ApiController } from '../common/api/api-controller.decorator.js';
import { ApiRoute } from '../common/api/api-route.decorator.js';
import { ZodBody, ZodParams, ZodQuery } from '../common/api/zod-input.decorators.js';
import { CurrentNode } from './current-node.decorator.js';
import { GatewayNodesService } from './gateway-nodes.service.js';
import { NodeAuthGuard } from './node-auth.guard.js';
import type { NodePrincipal } from './node-principal.js';

@ApiController({ path: 'fleets', tag: 'Fleets' })
export class GatewayNodesController {
  constructor(@Inject(GatewayNodesService) private readonly nodes: GatewayNodesService) {}

  @ApiRoute({
    method: 'GET',
    path: ':id/nodes',
    operationId: 'listGatewayNodes',
    summary: "List a fleet's gateway nodes as they last reported",
    description:
      'Each node with its last heartbeat, host name, state and the snapshot version it enforces. A node that stopped reporting stays listed with its old `lastSeenAt`.',
    response: gatewayNodePageSchema,
    errors: ['not_found'],
  })
  @Roles(...READ_ROLES)
  list(
    @ZodParams(fleetIdParamsSchema) params: IdParams,
    @ZodQuery(listGatewayNodesQuerySchema) query: ListGatewayNodesQuery,
  ): Promise<GatewayNodePage> {
    return this.nodes.list(params.id, query);
  }

  @ApiRoute({
    method: 'POST',
    path: ':id/nodes/heartbeat',
    operationId: 'reportNodeHeartbeat',
    summary: 'A gateway node reports itself (node credential)',
    description:
      "Called by gateway nodes with their fleet's node credential (`Authorization: Bearer gh_node_...`), not an admin token.",
    status: 204,
    responseDescription: 'Recorded',
    errors: ['unauthenticated', 'forbidden', 'not_found'],
  })
  @Public()
  @UseGuards(NodeAuthGuard)
  heartbeat(
    @CurrentNode() node: NodePrincipal,
    @ZodParams(fleetIdParamsSchema) _params: IdParams,
    @ZodBody(nodeHeartbeatBodySchema) body: NodeHeartbeatBody,
  ): Promise<void> {
    return this.nodes.heartbeat(node, body);
  }
}
