import { Inject, Injectable } from '@nestjs/common';
import type { ToolVersion } from '@gatehouse/db';
import type {
  ArgumentRulesSetting,
  CircuitBreakerSetting,
  ToolDetail,
  ToolResource,
  ToolTier,
  ToolVersionResource,
} from '@gatehouse/contracts';
import { DatabaseService } from '../database/database.service.js';
import type { DbClient } from '../database/database.service.js';
import { withConstraintMessages } from '../database/prisma-errors.js';
import { loadToolRecord, loadToolRecords } from './tool-records.js';
import type { ToolRecord } from './tool-records.js';

type JsonObject = Record<string, unknown>;

function jsonObject(value: unknown): JsonObject | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as JsonObject)
    : null;
}

function toVersionResource(row: ToolVersion): ToolVersionResource {
  return {
    id: row.id,
    version: row.version,
    schemaHash: row.schemaHash,
    description: row.description,
    inputSchema: jsonObject(row.inputSchema) ?? {},
    outputSchema: jsonObject(row.outputSchema),
    annotations: jsonObject(row.annotations),
    firstSeenAt: row.firstSeenAt.toISOString(),
    lastSeenAt: row.lastSeenAt.toISOString(),
  };
}

export interface ToolPatch {
  readonly tier?: ToolTier;
  readonly enabled?: boolean;
  readonly pinnedVersionId?: string | null;
  readonly cost?: number;
  readonly rules?: ArgumentRulesSetting;
  /** null removes the breaker. */
  readonly breaker?: CircuitBreakerSetting | null;
  /** Replaces the required scopes when given. */
  readonly requiredScopeIds?: readonly string[];
}

@Injectable()
export class ToolsRepository {
  constructor(@Inject(DatabaseService) private readonly database: DatabaseService) {}

  /** An upstream's tools in id order (discovery order). */
  async listForUpstream(
    upstreamId: string,
    options: { readonly includeRemoved: boolean; readonly afterId?: string; readonly take: number },
  ): Promise<ToolResource[]> {
    const records = await loadToolRecords(
      this.database.client,
      {
        upstreamId,
        ...(options.includeRemoved ? {} : { removedAt: null }),
        ...(options.afterId === undefined ? {} : { id: { gt: options.afterId } }),
      },
      { take: options.take },
    );
    return records.map((record) => record.resource);
  }

  async findDetail(id: string): Promise<ToolDetail | undefined> {
    const tool = await loadToolRecord(this.database.client, id);
    if (!tool) return undefined;
    const versions = await this.database.client.toolVersion.findMany({
      where: { toolId: id },
      orderBy: { version: 'desc' },
    });
    return { ...tool.resource, versions: versions.map(toVersionResource) };
  }

  async findById(id: string, db: DbClient = this.database.client): Promise<ToolRecord | undefined> {
    return loadToolRecord(db, id);
  }

  async findByIdForUpdate(tx: DbClient, id: string): Promise<ToolRecord | undefined> {
    await tx.$queryRaw`SELECT 1 FROM tools WHERE id = ${id}::uuid FOR UPDATE`;
    return this.findById(id, tx);
  }

  async hasVersion(tx: DbClient, toolId: string, versionId: string): Promise<boolean> {
    const count = await tx.toolVersion.count({ where: { id: versionId, toolId } });
    return count === 1;
  }

  /** Scope ids by name, for the names that exist. */
  async scopeIdsByName(tx: DbClient, names: readonly string[]): Promise<Map<string, string>> {
    const rows = await tx.scope.findMany({
      where: { name: { in: [...names] } },
      select: { id: true, name: true },
    });
    return new Map(rows.map((row) => [row.name, row.id]));
  }

  async update(tx: DbClient, id: string, patch: ToolPatch): Promise<ToolRecord> {
    const { requiredScopeIds, breaker, rules, ...plain } = patch;
    const fields = {
      ...plain,
      ...(rules === undefined ? {} : { rules: [...rules] }),
      ...(breaker === undefined
        ? {}
        : {
            breakerFailureThreshold: breaker?.failureThreshold ?? null,
            breakerOpenMs: breaker?.openMs ?? null,
          }),
    };
    if (requiredScopeIds !== undefined) {
      await tx.toolRequiredScope.deleteMany({ where: { toolId: id } });
      await withConstraintMessages(
        tx.toolRequiredScope.createMany({
          data: requiredScopeIds.map((scopeId) => ({ toolId: id, scopeId })),
        }),
        { reference: 'A required scope was deleted meanwhile; try again.' },
      );
    }
    await withConstraintMessages(tx.tool.update({ where: { id }, data: fields }), {
      notFound: `No tool with id ${id}.`,
    });
    const updated = await loadToolRecord(tx, id);
    if (!updated) throw new Error(`tool ${id} vanished inside its own transaction`);
    return updated;
  }
}
