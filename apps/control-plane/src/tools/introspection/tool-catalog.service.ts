import { Inject, Injectable } from '@nestjs/common';
import type { IntrospectionResult } from '@gatehouse/contracts';
import type { ChangeContext } from '../../config-history/change-context.js';
import { ConfigHistoryService } from '../../config-history/config-history.service.js';
import type { DbClient } from '../../database/database.service.js';
import type { ToolRecord } from '../tool-records.js';
import type { ListedTool } from './listed-tool.js';
import { ToolCatalogRepository } from './tool-catalog.repository.js';
import type { KnownVersion } from './tool-catalog.repository.js';
import { schemaHashOf } from './tool-schema-hash.js';

export type CatalogChanges = Omit<IntrospectionResult, 'upstreamId' | 'durationMs'>;

function groupByTool(versions: readonly KnownVersion[]): Map<string, KnownVersion[]> {
  const byTool = new Map<string, KnownVersion[]>();
  for (const version of versions) {
    byTool.set(version.toolId, [...(byTool.get(version.toolId) ?? []), version]);
  }
  return byTool;
}

/**
 * Applies an upstream's tools/list to the catalog: new tools are added (dangerous and
 * disabled until an admin decides), a schema never seen for a tool becomes a new version
 * (old versions stay as they were), a known schema is marked seen, and tools no longer
 * listed are marked removed. Additions and removals are recorded in the config history
 * as the system's doing.
 */
@Injectable()
export class ToolCatalogService {
  constructor(
    @Inject(ToolCatalogRepository) private readonly catalog: ToolCatalogRepository,
    @Inject(ConfigHistoryService) private readonly history: ConfigHistoryService,
  ) {}

  /** Undefined when the upstream no longer exists. */
  apply(
    context: ChangeContext,
    upstreamId: string,
    listed: readonly ListedTool[],
    seenAt: Date,
  ): Promise<CatalogChanges | undefined> {
    return this.catalog.transaction(async (tx) => {
      const owner = await this.catalog.lockUpstream(tx, upstreamId);
      if (!owner) return undefined;
      const record = (
        entityType: string,
        entityId: string,
        action: 'create' | 'update',
        before: ToolRecord['resource'] | null,
        after: ToolRecord['resource'] | KnownVersion,
      ) =>
        this.history.record(tx, context, {
          entityType,
          entityId,
          tenantId: owner.tenantId,
          action,
          before,
          after: { ...after },
        });

      const known = new Map(
        (await this.catalog.tools(tx, upstreamId)).map((tool) => [tool.resource.name, tool]),
      );
      const versionsByTool = groupByTool(await this.catalog.versions(tx, upstreamId));
      const changes = { toolsListed: 0, toolsAdded: 0, versionsAdded: 0, toolsRemoved: 0 };
      const seenVersionIds: string[] = [];
      const listedNames = new Set<string>();

      for (const tool of listed) {
        // A server listing a name twice gets its first definition counted.
        if (listedNames.has(tool.name)) continue;
        listedNames.add(tool.name);
        const schemaHash = schemaHashOf(tool.inputSchema);
        const existing = known.get(tool.name);
        if (!existing) {
          const created = await this.catalog.createTool(
            tx,
            upstreamId,
            tool,
            { version: 1, schemaHash, definition: tool },
            seenAt,
          );
          changes.toolsAdded += 1;
          await record('tool', created.resource.id, 'create', null, created.resource);
          continue;
        }
        const versions = versionsByTool.get(existing.resource.id) ?? [];
        const same = versions.find((version) => version.schemaHash === schemaHash);
        if (same) {
          seenVersionIds.push(same.id);
        } else {
          const next = Math.max(0, ...versions.map((version) => version.version)) + 1;
          const added = await this.catalog.addVersion(
            tx,
            existing.resource.id,
            { version: next, schemaHash, definition: tool },
            seenAt,
          );
          changes.versionsAdded += 1;
          await record('tool_version', added.id, 'create', null, added);
        }
        if (existing.resource.removedAt !== null || existing.resource.title !== tool.title) {
          const after = await this.catalog.updateTool(tx, existing.resource.id, {
            title: tool.title,
            removedAt: null,
          });
          await record('tool', after.resource.id, 'update', existing.resource, after.resource);
        }
      }
      await this.catalog.markVersionsSeen(tx, seenVersionIds, seenAt);
      changes.toolsListed = listedNames.size;
      changes.toolsRemoved = await this.markRemoved(tx, known, listedNames, seenAt, record);
      await this.catalog.markIntrospected(tx, upstreamId, seenAt);
      return changes;
    });
  }

  async recordFailure(upstreamId: string, error: string): Promise<void> {
    await this.catalog.markFailed(upstreamId, error);
  }

  private async markRemoved(
    tx: DbClient,
    known: ReadonlyMap<string, ToolRecord>,
    listedNames: ReadonlySet<string>,
    seenAt: Date,
    record: (
      entityType: string,
      entityId: string,
      action: 'update',
      before: ToolRecord['resource'],
      after: ToolRecord['resource'],
    ) => Promise<void>,
  ): Promise<number> {
    let removed = 0;
    for (const [name, tool] of known) {
      if (listedNames.has(name) || tool.resource.removedAt !== null) continue;
      const after = await this.catalog.updateTool(tx, tool.resource.id, { removedAt: seenAt });
      await record('tool', tool.resource.id, 'update', tool.resource, after.resource);
      removed += 1;
    }
    return removed;
  }
}
