import { Inject, Injectable } from '@nestjs/common';
import type { ToolTier } from '@gatehouse/contracts';
import { DatabaseService } from '../database/database.service.js';
import type { DbClient } from '../database/database.service.js';
import type { FleetConfigSource, SourceClient, SourceTool } from './fleet-config-source.js';

interface ToolRow {
  readonly id: string;
  readonly upstream_id: string;
  readonly name: string;
  readonly enabled: boolean;
  readonly tier: ToolTier;
  readonly cost: number;
  readonly rules: unknown;
  readonly breaker_failure_threshold: number | null;
  readonly breaker_open_ms: number | null;
  readonly schema_hash: string | null;
  readonly input_schema: unknown;
  readonly scopes: string[];
}

/** Keys expired longer ago than this are left out: nodes would only refuse them anyway. */
const EXPIRED_KEY_GRACE_MS = 24 * 3600 * 1000;

/**
 * Reads what a fleet's snapshot is compiled from, and which fleets a change concerns. A fixed
 * number of statements whatever the catalog's size (one for the tools, their scopes and versions):
 * builds stay cheap at thousands of tools, and no statement runs concurrently on the
 * transaction's connection.
 */
@Injectable()
export class FleetConfigSourceRepository {
  constructor(@Inject(DatabaseService) private readonly database: DatabaseService) {}

  async load(tx: DbClient, fleetId: string): Promise<FleetConfigSource> {
    const fleet = await tx.gatewayFleet.findUnique({
      where: { id: fleetId },
      select: { auth: true },
    });
    const tenants = await tx.tenant.findMany({
      where: { fleets: { some: { fleetId } } },
      select: {
        id: true,
        name: true,
        displayName: true,
        enabled: true,
        budget: {
          select: {
            requestsPerMinute: true,
            rateLimitPoints: true,
            rateLimitWindowSeconds: true,
            clientRateLimitPoints: true,
            clientRateLimitWindowSeconds: true,
            redisFailMode: true,
            dailyCallBudget: true,
            dailyCostBudget: true,
            maxConcurrentCalls: true,
          },
        },
      },
    });
    const clients = await this.loadClients(
      tx,
      tenants.filter((tenant) => tenant.enabled).map((tenant) => tenant.id),
    );
    const upstreams = await tx.upstream.findMany({
      where: { OR: [{ tenantId: null }, { tenantId: { in: tenants.map((tenant) => tenant.id) } }] },
    });
    const upstreamIds = upstreams.map((upstream) => upstream.id);
    // The version clients get: the pinned one, else the newest.
    const tools =
      upstreamIds.length === 0
        ? []
        : await tx.$queryRaw<ToolRow[]>`
            SELECT t.id::text AS id, t.upstream_id::text AS upstream_id, t.name, t.enabled,
                   t.tier::text AS tier, t.cost, t.rules,
                   t.breaker_failure_threshold, t.breaker_open_ms,
                   COALESCE(pinned.schema_hash, newest.schema_hash) AS schema_hash,
                   CASE WHEN pinned.id IS NOT NULL THEN pinned.input_schema
                        ELSE newest.input_schema END AS input_schema,
                   COALESCE(array_agg(s.name) FILTER (WHERE s.name IS NOT NULL), '{}') AS scopes
            FROM tools t
            LEFT JOIN tool_versions pinned ON pinned.id = t.pinned_version_id
            LEFT JOIN LATERAL (
              SELECT v.schema_hash, v.input_schema FROM tool_versions v
              WHERE v.tool_id = t.id ORDER BY v.version DESC LIMIT 1
            ) newest ON true
            LEFT JOIN tool_required_scopes r ON r.tool_id = t.id
            LEFT JOIN scopes s ON s.id = r.scope_id
            WHERE t.upstream_id = ANY(${upstreamIds}::uuid[])
            GROUP BY t.id, pinned.id, pinned.schema_hash, pinned.input_schema,
                     newest.schema_hash, newest.input_schema`;
    const budgets =
      tools.length === 0
        ? []
        : await tx.toolBudget.findMany({
            where: { toolId: { in: tools.map((row) => row.id) } },
          });
    const budgetByTool = new Map(budgets.map((budget) => [budget.toolId, budget]));
    const toolsByUpstream = new Map<string, SourceTool[]>();
    for (const row of tools) {
      const list = toolsByUpstream.get(row.upstream_id) ?? [];
      const budget = budgetByTool.get(row.id);
      list.push({
        name: row.name,
        enabled: row.enabled,
        tier: row.tier,
        requiredScopes: row.scopes,
        schemaHash: row.schema_hash,
        inputSchema: row.input_schema,
        cost: row.cost,
        rules: row.rules,
        breakerFailureThreshold: row.breaker_failure_threshold,
        breakerOpenMs: row.breaker_open_ms,
        budget: budget
          ? {
              maxConcurrency: budget.maxConcurrency,
              maxQueueDepth: budget.maxQueueDepth,
              requestsPerMinute: budget.requestsPerMinute,
              timeoutMs: budget.timeoutMs,
              maxRequestBytes: budget.maxRequestBytes,
            }
          : null,
      });
      toolsByUpstream.set(row.upstream_id, list);
    }
    return {
      fleetId,
      auth: fleet?.auth ?? null,
      tenants: tenants.map(({ budget, ...tenant }) => ({ ...tenant, budget: budget ?? null })),
      clients,
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
    };
  }

  /** The clients of the given tenants with their granted scopes and unrevoked keys. */
  private async loadClients(tx: DbClient, tenantIds: string[]): Promise<SourceClient[]> {
    if (tenantIds.length === 0) return [];
    const keysSince = new Date(Date.now() - EXPIRED_KEY_GRACE_MS);
    const rows = await tx.client.findMany({
      where: { tenantId: { in: tenantIds } },
      select: {
        id: true,
        tenantId: true,
        name: true,
        enabled: true,
        rateLimitPoints: true,
        rateLimitWindowSeconds: true,
        toolAccess: true,
        scopeGrants: { select: { scope: { select: { name: true } } } },
        credentials: {
          where: {
            revokedAt: null,
            OR: [{ expiresAt: null }, { expiresAt: { gt: keysSince } }],
          },
          select: { id: true, keyHash: true, hashAlgorithm: true, expiresAt: true },
        },
      },
    });
    return rows.map((row) => ({
      id: row.id,
      tenantId: row.tenantId,
      name: row.name,
      enabled: row.enabled,
      scopes: row.scopeGrants.map((grant) => grant.scope.name),
      keys: row.credentials,
      rateLimitPoints: row.rateLimitPoints,
      rateLimitWindowSeconds: row.rateLimitWindowSeconds,
      toolAccess: row.toolAccess,
    }));
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
