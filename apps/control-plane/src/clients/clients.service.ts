import { Inject, Injectable } from '@nestjs/common';
import type {
  ClientPage,
  ClientResource,
  CreateClientBody,
  ListClientsQuery,
  UpdateClientBody,
} from '@gatehouse/contracts';
import { DomainError } from '../common/errors/domain-error.js';
import { decodeCursor, isUuid, pageOf } from '../common/pagination/cursor.js';
import type { ChangeContext } from '../config-history/change-context.js';
import { ConfigHistoryService } from '../config-history/config-history.service.js';
import type { DbClient } from '../database/database.service.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { TenantsService } from '../tenants/tenants.service.js';
import { ClientsRepository } from './clients.repository.js';

const entityType = 'client';

@Injectable()
export class ClientsService {
  constructor(
    @Inject(ClientsRepository) private readonly clients: ClientsRepository,
    @Inject(TenantsService) private readonly tenants: TenantsService,
    @Inject(TransactionRunner) private readonly transactions: TransactionRunner,
    @Inject(ConfigHistoryService) private readonly history: ConfigHistoryService,
  ) {}

  async list(tenantId: string, query: ListClientsQuery): Promise<ClientPage> {
    await this.tenants.get(tenantId);
    const afterId = query.cursor === undefined ? undefined : decodeCursor(query.cursor, isUuid);
    const rows = await this.clients.list(tenantId, { afterId, take: query.limit + 1 });
    return pageOf(rows, query.limit, (client) => client.id);
  }

  /** A client by id alone (for routes under /clients/:id). */
  async getById(id: string): Promise<ClientResource> {
    const client = await this.clients.findById(id);
    if (!client) throw DomainError.notFound(entityType, id);
    return client;
  }

  /** A client of a tenant: 404 names the tenant when it is the tenant that is missing. */
  async get(tenantId: string, id: string): Promise<ClientResource> {
    const client = await this.clients.findById(id);
    if (client?.tenantId === tenantId) return client;
    await this.tenants.get(tenantId);
    throw this.notInTenant(tenantId, id);
  }

  create(
    context: ChangeContext,
    tenantId: string,
    body: CreateClientBody,
  ): Promise<ClientResource> {
    return this.transactions.run(async (tx) => {
      const client = await this.clients.create(tx, tenantId, body);
      await this.history.record(tx, context, {
        entityType,
        entityId: client.id,
        tenantId,
        action: 'create',
        before: null,
        after: client,
      });
      return client;
    });
  }

  update(
    context: ChangeContext,
    tenantId: string,
    id: string,
    patch: UpdateClientBody,
  ): Promise<ClientResource> {
    return this.transactions.run(async (tx) => {
      const before = await this.lockExisting(tx, tenantId, id);
      const after = await this.clients.update(tx, id, patch);
      await this.history.record(tx, context, {
        entityType,
        entityId: id,
        tenantId,
        action: 'update',
        before,
        after,
      });
      return after;
    });
  }

  delete(context: ChangeContext, tenantId: string, id: string): Promise<void> {
    return this.transactions.run(async (tx) => {
      const before = await this.lockExisting(tx, tenantId, id);
      await this.clients.delete(tx, id);
      await this.history.record(tx, context, {
        entityType,
        entityId: id,
        tenantId,
        action: 'delete',
        before,
        after: null,
      });
    });
  }

  private async lockExisting(tx: DbClient, tenantId: string, id: string): Promise<ClientResource> {
    const client = await this.clients.findByIdForUpdate(tx, id);
    if (client?.tenantId === tenantId) return client;
    await this.tenants.get(tenantId);
    throw this.notInTenant(tenantId, id);
  }

  private notInTenant(tenantId: string, id: string): DomainError {
    return new DomainError('not_found', `No client with id ${id} in tenant ${tenantId}.`);
  }
}
