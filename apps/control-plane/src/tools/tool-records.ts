import type { Prisma } from '@gatehouse/db';
import { argumentRulesSettingSchema } from '@gatehouse/contracts';
import type { ArgumentRulesSetting, ToolResource } from '@gatehouse/contracts';
import type { DbClient } from '../database/database.service.js';

/** A tool with the tenant owning its upstream (null: shared), for history and checks. */
export interface ToolRecord {
  readonly resource: ToolResource;
  readonly tenantId: string | null;
}

interface LatestVersion {
  readonly id: string;
  readonly toolId: string;
  readonly version: number;
  readonly schemaHash: string;
}

/** Rules are validated on the way in; a row written otherwise shows none rather than junk. */
function rulesOf(value: unknown): ArgumentRulesSetting {
  const parsed = argumentRulesSettingSchema.safeParse(value);
  return parsed.success ? parsed.data : [];
}

/**
 * Tools as the API shows them, with what they need joined: required scopes, the latest
 * version (the one the upstream listed most recently) and the owner. The joins are read
 * one after the other rather than by a multi-relation `include`, which Prisma runs as
 * concurrent queries: inside a transaction those share one pg connection, which pg
 * deprecates (and pg 9 will refuse).
 */
export async function loadToolRecords(
  db: DbClient,
  where: Prisma.ToolWhereInput,
  page: { readonly take?: number } = {},
): Promise<ToolRecord[]> {
  const rows = await db.tool.findMany({
    where,
    include: { upstream: { select: { tenantId: true } } },
    orderBy: { id: 'asc' },
    ...(page.take === undefined ? {} : { take: page.take }),
  });
  if (rows.length === 0) return [];
  const toolIds = rows.map((row) => row.id);
  const required = await db.toolRequiredScope.findMany({
    where: { toolId: { in: toolIds } },
    select: { toolId: true, scope: { select: { name: true } } },
  });
  const versions: LatestVersion[] = await db.toolVersion.findMany({
    where: { toolId: { in: toolIds } },
    distinct: ['toolId'],
    orderBy: [{ toolId: 'asc' }, { lastSeenAt: 'desc' }, { version: 'desc' }],
    select: { id: true, toolId: true, version: true, schemaHash: true },
  });
  const scopesByTool = new Map<string, string[]>();
  for (const entry of required) {
    scopesByTool.set(entry.toolId, [...(scopesByTool.get(entry.toolId) ?? []), entry.scope.name]);
  }
  const latestByTool = new Map(versions.map((version) => [version.toolId, version]));
  return rows.map((row) => {
    const latest = latestByTool.get(row.id);
    return {
      resource: {
        id: row.id,
        upstreamId: row.upstreamId,
        name: row.name,
        title: row.title,
        tier: row.tier,
        enabled: row.enabled,
        requiredScopes: (scopesByTool.get(row.id) ?? []).sort(),
        cost: row.cost,
        rules: rulesOf(row.rules),
        breaker:
          row.breakerFailureThreshold === null
            ? null
            : {
                failureThreshold: row.breakerFailureThreshold,
                openMs: row.breakerOpenMs ?? 30_000,
              },
        pinnedVersionId: row.pinnedVersionId,
        latestVersion: latest
          ? { id: latest.id, version: latest.version, schemaHash: latest.schemaHash }
          : null,
        discoveredAt: row.discoveredAt.toISOString(),
        removedAt: row.removedAt?.toISOString() ?? null,
        createdAt: row.createdAt.toISOString(),
        updatedAt: row.updatedAt.toISOString(),
      },
      tenantId: row.upstream.tenantId,
    };
  });
}

export async function loadToolRecord(db: DbClient, id: string): Promise<ToolRecord | undefined> {
  const [record] = await loadToolRecords(db, { id });
  return record;
}
