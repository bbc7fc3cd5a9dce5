import { Inject, Injectable } from '@nestjs/common';
import type {
  ClientResource,
  ClientScopeGrant,
  ClientScopeGrantPage,
  ListClientScopesQuery,
  ScopeResource,
} from '@gatehouse/contracts';
import { scopeNameSchema } from '@gatehouse/contracts';
import { ClientsService } from '../clients/clients.service.js';
import { DomainError } from '../common/errors/domain-error.js';
import { decodeCursor, pageOf } from '../common/pagination/cursor.js';
import type { ChangeContext } from '../config-history/change-context.js';
import { ConfigHistoryService } from '../config-history/config-history.service.js';
import type { DbClient } from '../database/database.service.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { ClientScopesRepository } from './client-scopes.repository.js';
import { ScopesRepository } from './scopes.repository.js';

const entityType = 'client_scope_grant';

function isScopeName(value: string): boolean {
  return scopeNameSchema.safeParse(value).success;
}

@Injectable()
export class ClientScopesService {
  constructor(
    @Inject(ClientScopesRepository) private readonly grants: ClientScopesRepository,
    @Inject(ScopesRepository) private readonly scopes: ScopesRepository,
    @Inject(ClientsService) private readonly clients: ClientsService,
    @Inject(TransactionRunner) private readonly transactions: TransactionRunner,
    @Inject(ConfigHistoryService) private readonly history: ConfigHistoryService,
  ) {}

  async list(clientId: string, query: ListClientScopesQuery): Promise<ClientScopeGrantPage> {
    await this.clients.getById(clientId);
    const afterName =
      query.cursor === undefined ? undefined : decodeCursor(query.cursor, isScopeName);
    const rows = await this.grants.list(clientId, { afterName, take: query.limit + 1 });
    return pageOf(rows, query.limit, (grant) => grant.scope);
  }

  /** Idempotent: granting a scope the client has answers the existing grant. */
  async grant(
    context: ChangeContext,
    clientId: string,
    scopeName: string,
  ): Promise<ClientScopeGrant> {
    const client = await this.clients.getById(clientId);
    return this.transactions.run(async (tx) => {
      const scope = await this.existingScope(tx, scopeName);
      const created = await this.grants.createIfAbsent(tx, {
        clientId,
        scopeId: scope.id,
        createdBy: `${context.actor.type}:${context.actor.id}`,
      });
      const grant = await this.grants.find(tx, clientId, scope.id);
      if (!grant) throw DomainError.notFound('client', clientId);
      if (created) await this.record(tx, context, client, 'create', null, grant);
      return grant;
    });
  }

  async revoke(context: ChangeContext, clientId: string, scopeName: string): Promise<void> {
    const client = await this.clients.getById(clientId);
    await this.transactions.run(async (tx) => {
      const scope = await this.existingScope(tx, scopeName);
      const before = await this.grants.find(tx, clientId, scope.id);
      const deleted = await this.grants.delete(tx, clientId, scope.id);
      if (!before || !deleted) {
        throw new DomainError(
          'not_found',
          `Client ${clientId} has no grant of scope "${scopeName}".`,
        );
      }
      await this.record(tx, context, client, 'delete', before, null);
    });
  }

  private async existingScope(tx: DbClient, name: string): Promise<ScopeResource> {
    const scope = await this.scopes.findByName(name, tx);
    if (!scope) throw new DomainError('not_found', `No scope named "${name}".`);
    return scope;
  }

  private async record(
    tx: DbClient,
    context: ChangeContext,
    client: ClientResource,
    action: 'create' | 'delete',
    before: ClientScopeGrant | null,
    after: ClientScopeGrant | null,
  ): Promise<void> {
    const grant = after ?? before;
    if (!grant) return;
    await this.history.record(tx, context, {
      entityType,
      entityId: `${grant.clientId}:${grant.scope}`,
      tenantId: client.tenantId,
      action,
      before,
      after,
    });
  }
}
