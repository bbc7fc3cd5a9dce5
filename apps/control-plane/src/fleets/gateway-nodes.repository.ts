import { Inject, Injectable } from '@nestjs/common';
import type { GatewayNode } from '@gatehouse/db';
import type { GatewayNodeResource, NodeHeartbeatBody } from '@gatehouse/contracts';
import { DatabaseService } from '../database/database.service.js';
import { withConstraintMessages } from '../database/prisma-errors.js';

function toResource(row: GatewayNode): GatewayNodeResource {
  return {
    id: row.id,
    fleetId: row.fleetId,
    nodeId: row.name,
    hostname: row.hostname,
    state: row.state,
    appliedVersion: row.appliedSnapshotVersion,
    appliedAt: row.appliedAt?.toISOString() ?? null,
    startedAt: row.startedAt?.toISOString() ?? null,
    lastError: row.lastError,
    softwareVersion: row.softwareVersion,
    credentialId: row.credentialId,
    firstSeenAt: row.firstSeenAt.toISOString(),
    lastSeenAt: row.lastSeenAt.toISOString(),
  };
}

export interface HeartbeatRecord {
  readonly fleetId: string;
  readonly credentialId: string;
  readonly report: NodeHeartbeatBody;
  readonly receivedAt: Date;
}

@Injectable()
export class GatewayNodesRepository {
  constructor(@Inject(DatabaseService) private readonly database: DatabaseService) {}

  /** In id order (UUIDv7: first heartbeat order), after `afterId` when given. */
  async list(
    fleetId: string,
    options: { readonly afterId?: string; readonly take: number },
  ): Promise<GatewayNodeResource[]> {
    const rows = await this.database.client.gatewayNode.findMany({
      where: { fleetId, ...(options.afterId === undefined ? {} : { id: { gt: options.afterId } }) },
      orderBy: { id: 'asc' },
      take: options.take,
    });
    return rows.map(toResource);
  }

  /** One row per node id and fleet, created by its first heartbeat. */
  async recordHeartbeat({
    fleetId,
    credentialId,
    report,
    receivedAt,
  }: HeartbeatRecord): Promise<void> {
    const where = { fleetId_name: { fleetId, name: report.nodeId } };
    const previous = await this.database.client.gatewayNode.findUnique({
      where,
      select: { appliedSnapshotVersion: true, appliedAt: true },
    });
    // When the node started enforcing its version, as near as heartbeats tell: kept while
    // the version stays, so a node stuck on an old version shows since when.
    const appliedAt =
      report.appliedVersion === null
        ? null
        : previous?.appliedSnapshotVersion === report.appliedVersion
          ? (previous.appliedAt ?? receivedAt)
          : receivedAt;
    const reported = {
      credentialId,
      hostname: report.hostname,
      state: report.state,
      appliedSnapshotVersion: report.appliedVersion,
      appliedAt,
      startedAt: new Date(report.startedAt),
      lastError: report.lastError ?? null,
      softwareVersion: report.softwareVersion ?? null,
      lastSeenAt: receivedAt,
    };
    await withConstraintMessages(
      this.database.client.gatewayNode.upsert({
        where,
        create: { fleetId, name: report.nodeId, firstSeenAt: receivedAt, ...reported },
        update: reported,
      }),
      { reference: `No fleet with id ${fleetId} (any more).` },
    );
  }
}
