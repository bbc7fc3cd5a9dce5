import { Inject, Injectable } from '@nestjs/common';
import type { Prisma } from '@gatehouse/db';
import { DatabaseService } from '../../database/database.service.js';
import { TransactionRunner } from '../../database/transaction-runner.js';
import type { DbClient } from '../../database/database.service.js';
import { loadToolRecord, loadToolRecords } from '../tool-records.js';
import type { ToolRecord } from '../tool-records.js';
import type { ListedTool } from './listed-tool.js';

/** A known version of a tool: enough to tell whether a listed schema is new. */
export interface KnownVersion {
  readonly id: string;
  readonly toolId: string;
  readonly version: number;
  readonly schemaHash: string;
}

export interface NewToolVersion {
  readonly version: number;
  readonly schemaHash: string;
  readonly definition: ListedTool;
}

// The listing came off the wire as JSON, so its objects are JSON values.
function json(value: Readonly<Record<string, unknown>>): Prisma.InputJsonObject {
  return value as Prisma.InputJsonObject;
}

function versionData(version: NewToolVersion, seenAt: Date) {
  return {
    version: version.version,
    schemaHash: version.schemaHash,
    description: version.definition.description,
    inputSchema: json(version.definition.inputSchema),
    ...(version.definition.outputSchema
      ? { outputSchema: json(version.definition.outputSchema) }
      : {}),
    ...(version.definition.annotations
      ? { annotations: json(version.definition.annotations) }
      : {}),
    firstSeenAt: seenAt,
    lastSeenAt: seenAt,
  };
}

/** The catalog writes of an introspection; reads for the API live in ToolsRepository. */
@Injectable()
export class ToolCatalogRepository {
  constructor(
    @Inject(DatabaseService) private readonly database: DatabaseService,
    @Inject(TransactionRunner) private readonly transactions: TransactionRunner,
  ) {}

  /**
   * One transaction for a whole listing. A large catalog (thousands of tools, each with its
   * history entry) takes longer than Prisma's default 5 s transaction timeout. Through the
   * runner, so the change notifies snapshot publishing after the commit, not before.
   */
  transaction<T>(work: (tx: DbClient) => Promise<T>): Promise<T> {
    return this.transactions.run(work, { timeout: 120_000, maxWait: 10_000 });
  }

  /**
   * Locks the upstream's row until the transaction ends, so two introspections of one
   * upstream apply one after the other. Undefined when the upstream is gone.
   */
  async lockUpstream(
    tx: DbClient,
    upstreamId: string,
  ): Promise<{ tenantId: string | null } | undefined> {
    const rows = await tx.$queryRaw<{ tenant_id: string | null }[]>`
      SELECT tenant_id::text FROM upstreams WHERE id = ${upstreamId}::uuid FOR UPDATE`;
    const row = rows[0];
    return row ? { tenantId: row.tenant_id } : undefined;
  }

  async tools(tx: DbClient, upstreamId: string): Promise<ToolRecord[]> {
    return loadToolRecords(tx, { upstreamId });
  }

  async versions(tx: DbClient, upstreamId: string): Promise<KnownVersion[]> {
    return tx.toolVersion.findMany({
      where: { tool: { upstreamId } },
      select: { id: true, toolId: true, version: true, schemaHash: true },
    });
  }

  async createTool(
    tx: DbClient,
    upstreamId: string,
    tool: { readonly name: string; readonly title: string | null },
    first: NewToolVersion,
    seenAt: Date,
  ): Promise<ToolRecord> {
    const row = await tx.tool.create({
      data: {
        upstreamId,
        name: tool.name,
        title: tool.title,
        discoveredAt: seenAt,
        versions: { create: versionData(first, seenAt) },
      },
      select: { id: true },
    });
    return this.reload(tx, row.id);
  }

  async addVersion(
    tx: DbClient,
    toolId: string,
    version: NewToolVersion,
    seenAt: Date,
  ): Promise<KnownVersion> {
    return tx.toolVersion.create({
      data: { toolId, ...versionData(version, seenAt) },
      select: { id: true, toolId: true, version: true, schemaHash: true },
    });
  }

  async markVersionsSeen(tx: DbClient, versionIds: readonly string[], seenAt: Date): Promise<void> {
    if (versionIds.length === 0) return;
    await tx.toolVersion.updateMany({
      where: { id: { in: [...versionIds] } },
      data: { lastSeenAt: seenAt },
    });
  }

  async updateTool(
    tx: DbClient,
    toolId: string,
    patch: { readonly title?: string | null; readonly removedAt?: Date | null },
  ): Promise<ToolRecord> {
    await tx.tool.update({ where: { id: toolId }, data: patch, select: { id: true } });
    return this.reload(tx, toolId);
  }

  private async reload(tx: DbClient, toolId: string): Promise<ToolRecord> {
    const record = await loadToolRecord(tx, toolId);
    if (!record) throw new Error(`tool ${toolId} vanished inside its own transaction`);
    return record;
  }

  /** Written without touching `updated_at`, which says when the configuration changed. */
  async markIntrospected(tx: DbClient, upstreamId: string, at: Date): Promise<void> {
    await tx.$executeRaw`
      UPDATE upstreams SET introspected_at = ${at}, introspection_error = NULL
      WHERE id = ${upstreamId}::uuid`;
  }

  async markFailed(upstreamId: string, error: string): Promise<void> {
    await this.database.client.$executeRaw`
      UPDATE upstreams SET introspection_error = ${error} WHERE id = ${upstreamId}::uuid`;
  }
}
