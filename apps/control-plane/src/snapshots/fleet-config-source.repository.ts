import { Inject, Injectable } from '@nestjs/common';
import type { ToolTier } from '@gatehouse/contracts';
import { DatabaseService } from '../database/database.service.js';
import type { DbClient } from '../database/database.service.js';
import type { FleetConfigSource, SourceTool } from './fleet-config-source.js';

interface ToolRow {
  readonly upstream_id: string;
  readonly name: string;
  readonly enabled: boolean;
  readonly tier: ToolTier;
  readonly schema_hash: string | null;
  readonly scopes: string[];
}

/**
 * Reads what a fleet's snapshot is compiled from, and which fleets a change concerns. Three
 * statements whatever the catalog's size (one for the tools, their scopes and versions):
 * builds stay cheap at thousands of tools, and no statement runs concurrently on the
 * transaction's connection.
 */
@Injectable()
export class FleetConfigSourceRepository {
  constructor(@Inject(DatabaseService) private readonly database: DatabaseService) {}

  async load(
    tx: DbClient,
    fleetId: string,
    sessionSecret: string | null,
  ): Promise<FleetConfigSource> {
    const tenants = await tx.tenant.findMany({
      where: { fleets: { some: { fleetId } } },
      select: { id: true, name: true, displayName: true, enabled: true },
    });
    const upstreams = await tx.upstream.findMany({
      where: { OR: [{ tenantId: null }, { tenantId: { in: tenants.map((tenant) => tenant.id) } }] },
    });
    const upstreamIds = upstreams.map((upstream) => upstream.id);
    // The version clients get: the pinned one, else the newest.
    const tools =
      upstreamIds.length === 0
        ? []
        : await tx.$queryRaw<ToolRow[]>`
            SELECT t.upstream_id::text AS upstream_id, t.name, t.enabled, t.tier::text AS tier,
                   COALESCE(pinned.schema_hash, newest.schema_hash) AS schema_hash,
                   COALESCE(array_agg(s.name) FILTER (WHERE s.name IS NOT NULL), '{}') AS scopes
            FROM tools t
            LEFT JOIN tool_versions pinned ON pinned.id = t.pinned_version_id
            LEFT JOIN LATERAL (
              SELECT v.schema_hash FROM tool_versions v
              WHERE v.tool_id = t.id ORDER BY v.version DESC LIMIT 1
            ) newest ON true
            LEFT JOIN tool_required_scopes r ON r.tool_id = t.id
            LEFT JOIN scopes s ON s.id = r.scope_id
            WHERE t.upstream_id = ANY(${upstreamIds}::uuid[])
            GROUP BY t.id, pinned.schema_hash, newest.schema_hash`;
    const toolsByUpstream = new Map<string, SourceTool[]>();
    for (const row of tools) {
      const list = toolsByUpstream.get(row.upstream_id) ?? [];
      list.push({
        name: row.name,
        enabled: row.enabled,
        tier: row.tier,
        requiredScopes: row.scopes,
        schemaHash: row.schema_hash,
      });
      toolsByUpstream.set(row.upstream_id, list);
    }
    return {
      fleetId,
      tenants,
      upstreams: upstreams.map((row) => ({
        id: row.id,
        tenantId: row.tenantId,
        name: row.name,
        description: row.description,
        namespace: row.namespace,
        enabled: row.enabled,
        timeoutMs: row.timeoutMs,
        introspected: row.introspectedAt !== null,
        transport: row.transport,
        url: row.url,
        command: row.command,
        args: row.args,
        env: row.env,
        headers: row.headers,
        tools: toolsByUpstream.get(row.id) ?? [],
      })),
      sessionSecret,
    };
  }

  async allFleetIds(): Promise<string[]> {
    const rows = await this.database.client.gatewayFleet.findMany({
      select: { id: true },
      orderBy: { id: 'asc' },
    });
    return rows.map((row) => row.id);
  }

  async fleetIdsServing(tenantId: string): Promise<string[]> {
    const rows = await this.database.client.fleetTenant.findMany({
      where: { tenantId },
      select: { fleetId: true },
    });
    return rows.map((row) => row.fleetId);
  }
}
