import { Inject, Injectable } from '@nestjs/common';
import type {
  CreateTenantBody,
  ListTenantsQuery,
  TenantPage,
  TenantResource,
  UpdateTenantBody,
} from '@gatehouse/contracts';
import { DomainError } from '../common/errors/domain-error.js';
import { decodeCursor, isUuid, pageOf } from '../common/pagination/cursor.js';
import type { ChangeContext } from '../config-history/change-context.js';
import { ConfigHistoryService } from '../config-history/config-history.service.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import type { DbClient } from '../database/database.service.js';
import { TenantsRepository } from './tenants.repository.js';

const entityType = 'tenant';

@Injectable()
export class TenantsService {
  constructor(
    @Inject(TenantsRepository) private readonly tenants: TenantsRepository,
    @Inject(TransactionRunner) private readonly transactions: TransactionRunner,
    @Inject(ConfigHistoryService) private readonly history: ConfigHistoryService,
  ) {}

  async list(query: ListTenantsQuery): Promise<TenantPage> {
    const afterId = query.cursor === undefined ? undefined : decodeCursor(query.cursor, isUuid);
    const rows = await this.tenants.list({ afterId, take: query.limit + 1 });
    return pageOf(rows, query.limit, (tenant) => tenant.id);
  }

  async get(id: string): Promise<TenantResource> {
    const tenant = await this.tenants.findById(id);
    if (!tenant) throw DomainError.notFound(entityType, id);
    return tenant;
  }

  create(context: ChangeContext, body: CreateTenantBody): Promise<TenantResource> {
    return this.transactions.run(async (tx) => {
      const tenant = await this.tenants.create(tx, body);
      await this.history.record(tx, context, {
        entityType,
        entityId: tenant.id,
        tenantId: tenant.id,
        action: 'create',
        before: null,
        after: tenant,
      });
      return tenant;
    });
  }

  update(context: ChangeContext, id: string, patch: UpdateTenantBody): Promise<TenantResource> {
    return this.transactions.run(async (tx) => {
      const before = await this.lockExisting(tx, id);
      const after = await this.tenants.update(tx, id, patch);
      await this.history.record(tx, context, {
        entityType,
        entityId: id,
        tenantId: id,
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
      await this.tenants.delete(tx, id);
      await this.history.record(tx, context, {
        entityType,
        entityId: id,
        tenantId: id,
        action: 'delete',
        before,
        after: null,
      });
    });
  }

  private async lockExisting(tx: DbClient, id: string): Promise<TenantResource> {
    const tenant = await this.tenants.findByIdForUpdate(tx, id);
    if (!tenant) throw DomainError.notFound(entityType, id);
    return tenant;
  }
}
