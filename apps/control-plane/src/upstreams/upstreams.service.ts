import { Inject, Injectable } from '@nestjs/common';
import type {
  CreateUpstreamBody,
  ListUpstreamsQuery,
  UpdateUpstreamBody,
  UpstreamPage,
  UpstreamResource,
} from '@gatehouse/contracts';
import { DomainError } from '../common/errors/domain-error.js';
import { decodeCursor, isUuid, pageOf } from '../common/pagination/cursor.js';
import type { ChangeContext } from '../config-history/change-context.js';
import { ConfigHistoryService } from '../config-history/config-history.service.js';
import type { DbClient } from '../database/database.service.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { TenantsService } from '../tenants/tenants.service.js';
import { findUpstreamClash } from './upstream-clash.js';
import type { UpstreamIdentity } from './upstream-clash.js';
import { UpstreamsRepository } from './upstreams.repository.js';

const entityType = 'upstream';

@Injectable()
export class UpstreamsService {
  constructor(
    @Inject(UpstreamsRepository) private readonly upstreams: UpstreamsRepository,
    @Inject(TenantsService) private readonly tenants: TenantsService,
    @Inject(TransactionRunner) private readonly transactions: TransactionRunner,
    @Inject(ConfigHistoryService) private readonly history: ConfigHistoryService,
  ) {}

  async list(query: ListUpstreamsQuery): Promise<UpstreamPage> {
    if (query.tenantId !== undefined) await this.tenants.get(query.tenantId);
    const afterId = query.cursor === undefined ? undefined : decodeCursor(query.cursor, isUuid);
    const rows = await this.upstreams.list({
      tenantId: query.tenantId,
      shared: query.shared,
      afterId,
      take: query.limit + 1,
    });
    return pageOf(rows, query.limit, (upstream) => upstream.id);
  }

  async get(id: string): Promise<UpstreamResource> {
    const upstream = await this.upstreams.findById(id);
    if (!upstream) throw DomainError.notFound(entityType, id);
    return upstream;
  }

  enabledIds(): Promise<string[]> {
    return this.upstreams.enabledIds();
  }

  create(context: ChangeContext, body: CreateUpstreamBody): Promise<UpstreamResource> {
    return this.transactions.run(async (tx) => {
      if (body.tenantId !== null) await this.tenants.get(body.tenantId);
      await this.assertNoClash(tx, { ...body });
      const upstream = await this.upstreams.create(tx, body);
      await this.history.record(tx, context, {
        entityType,
        entityId: upstream.id,
        tenantId: upstream.tenantId,
        action: 'create',
        before: null,
        after: upstream,
      });
      return upstream;
    });
  }

  update(context: ChangeContext, id: string, patch: UpdateUpstreamBody): Promise<UpstreamResource> {
    return this.transactions.run(async (tx) => {
      const before = await this.lockExisting(tx, id);
      if (patch.namespace !== undefined) {
        await this.assertNoClash(tx, { ...before, namespace: patch.namespace });
      }
      const after = await this.upstreams.update(tx, id, patch);
      await this.history.record(tx, context, {
        entityType,
        entityId: id,
        tenantId: after.tenantId,
        action: 'update',
        before,
        after,
      });
      return after;
    });
  }

  delete(context: ChangeContext, id: string): Promise<void> {
    return this.transactions.run(async (tx) => {
      const before = await this.lockExisting(tx, id);
      await this.upstreams.delete(tx, id);
      await this.history.record(tx, context, {
        entityType,
        entityId: id,
        tenantId: before.tenantId,
        action: 'delete',
        before,
        after: null,
      });
    });
  }

  private async assertNoClash(tx: DbClient, candidate: UpstreamIdentity): Promise<void> {
    await this.upstreams.lockNames(tx);
    const clash = findUpstreamClash(
      candidate,
      await this.upstreams.seenWith(tx, candidate.tenantId),
    );
    if (clash) throw DomainError.conflict(clash);
  }

  private async lockExisting(tx: DbClient, id: string): Promise<UpstreamResource> {
    const upstream = await this.upstreams.findByIdForUpdate(tx, id);
    if (!upstream) throw DomainError.notFound(entityType, id);
    return upstream;
  }
}
