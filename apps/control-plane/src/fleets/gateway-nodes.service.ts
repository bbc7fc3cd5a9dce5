import { Inject, Injectable } from '@nestjs/common';
import type {
  GatewayNodePage,
  ListGatewayNodesQuery,
  NodeHeartbeatBody,
} from '@gatehouse/contracts';
import { decodeCursor, isUuid, pageOf } from '../common/pagination/cursor.js';
import { FleetsService } from './fleets.service.js';
import { GatewayNodesRepository } from './gateway-nodes.repository.js';
import type { NodePrincipal } from './node-principal.js';

/**
 * The nodes of a fleet as they report themselves. Heartbeats are not configuration changes:
 * they leave no config history.
 */
@Injectable()
export class GatewayNodesService {
  constructor(
    @Inject(GatewayNodesRepository) private readonly nodes: GatewayNodesRepository,
    @Inject(FleetsService) private readonly fleets: FleetsService,
  ) {}

  async list(fleetId: string, query: ListGatewayNodesQuery): Promise<GatewayNodePage> {
    await this.fleets.assertExists(fleetId);
    const afterId = query.cursor === undefined ? undefined : decodeCursor(query.cursor, isUuid);
    const rows = await this.nodes.list(fleetId, { afterId, take: query.limit + 1 });
    return pageOf(rows, query.limit, (node) => node.id);
  }

  heartbeat(node: NodePrincipal, report: NodeHeartbeatBody): Promise<void> {
    return this.nodes.recordHeartbeat({
      fleetId: node.fleetId,
      credentialId: node.credentialId,
      report,
      receivedAt: new Date(),
    });
  }
}
