import { Inject, Injectable } from '@nestjs/common';
import type {
  ListUpstreamToolsQuery,
  ToolDetail,
  ToolPage,
  ToolResource,
  UpdateToolBody,
} from '@gatehouse/contracts';
import { DomainError } from '../common/errors/domain-error.js';
import { decodeCursor, isUuid, pageOf } from '../common/pagination/cursor.js';
import type { ChangeContext } from '../config-history/change-context.js';
import { ConfigHistoryService } from '../config-history/config-history.service.js';
import type { DbClient } from '../database/database.service.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { UpstreamsService } from '../upstreams/upstreams.service.js';
import type { ToolRecord } from './tool-records.js';
import { ToolsRepository } from './tools.repository.js';
import type { ToolPatch } from './tools.repository.js';

const entityType = 'tool';

@Injectable()
export class ToolsService {
  constructor(
    @Inject(ToolsRepository) private readonly tools: ToolsRepository,
    @Inject(UpstreamsService) private readonly upstreams: UpstreamsService,
    @Inject(TransactionRunner) private readonly transactions: TransactionRunner,
    @Inject(ConfigHistoryService) private readonly history: ConfigHistoryService,
  ) {}

  async listForUpstream(upstreamId: string, query: ListUpstreamToolsQuery): Promise<ToolPage> {
    await this.upstreams.get(upstreamId);
    const afterId = query.cursor === undefined ? undefined : decodeCursor(query.cursor, isUuid);
    const rows = await this.tools.listForUpstream(upstreamId, {
      includeRemoved: query.includeRemoved,
      afterId,
      take: query.limit + 1,
    });
    return pageOf(rows, query.limit, (tool) => tool.id);
  }

  async get(id: string): Promise<ToolDetail> {
    const tool = await this.tools.findDetail(id);
    if (!tool) throw DomainError.notFound(entityType, id);
    return tool;
  }

  /** A tool with its owner, for other modules' checks (budgets, canary rules). */
  async record(id: string, db?: DbClient): Promise<ToolRecord> {
    const tool = await this.tools.findById(id, db);
    if (!tool) throw DomainError.notFound(entityType, id);
    return tool;
  }

  hasVersion(tx: DbClient, toolId: string, versionId: string): Promise<boolean> {
    return this.tools.hasVersion(tx, toolId, versionId);
  }

  update(context: ChangeContext, id: string, body: UpdateToolBody): Promise<ToolResource> {
    return this.transactions.run(async (tx) => {
      const before = await this.tools.findByIdForUpdate(tx, id);
      if (!before) throw DomainError.notFound(entityType, id);
      const patch: ToolPatch = {
        tier: body.tier,
        enabled: body.enabled,
        pinnedVersionId: body.pinnedVersionId,
        cost: body.cost,
        rules: body.rules,
        breaker: body.breaker,
        requiredScopeIds:
          body.requiredScopes === undefined
            ? undefined
            : await this.scopeIds(tx, body.requiredScopes),
      };
      if (
        body.pinnedVersionId !== undefined &&
        body.pinnedVersionId !== null &&
        !(await this.tools.hasVersion(tx, id, body.pinnedVersionId))
      ) {
        throw new DomainError(
          'not_found',
          `Tool ${id} has no version with id ${body.pinnedVersionId}.`,
        );
      }
      const after = await this.tools.update(tx, id, patch);
      await this.history.record(tx, context, {
        entityType,
        entityId: id,
        tenantId: after.tenantId,
        action: 'update',
        before: before.resource,
        after: after.resource,
      });
      return after.resource;
    });
  }

  private async scopeIds(tx: DbClient, names: readonly string[]): Promise<string[]> {
    const ids = await this.tools.scopeIdsByName(tx, names);
    const missing = names.filter((name) => !ids.has(name));
    if (missing.length > 0) {
      const list = missing.map((name) => `"${name}"`).join(', ');
      throw new DomainError(
        'not_found',
        `No scope named ${list}; create ${missing.length === 1 ? 'it' : 'them'} first (POST /api/v1/scopes).`,
      );
    }
    return names.map((name) => ids.get(name) ?? '');
  }
}
