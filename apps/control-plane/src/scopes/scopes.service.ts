import { Inject, Injectable } from '@nestjs/common';
import type {
  CreateScopeBody,
  ListScopesQuery,
  ScopePage,
  ScopeResource,
  UpdateScopeBody,
} from '@gatehouse/contracts';
import { DomainError } from '../common/errors/domain-error.js';
import { decodeCursor, isUuid, pageOf } from '../common/pagination/cursor.js';
import type { ChangeContext } from '../config-history/change-context.js';
import { ConfigHistoryService } from '../config-history/config-history.service.js';
import type { DbClient } from '../database/database.service.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { ScopesRepository } from './scopes.repository.js';
import type { ScopeUsage } from './scopes.repository.js';

const entityType = 'scope';

function describeUsage(name: string, usage: ScopeUsage): string {
  const parts: string[] = [];
  if (usage.grantCount > 0) {
    const more = usage.grantCount > usage.grantedTo.length ? ', ...' : '';
    parts.push(`granted to ${usage.grantCount} client(s) (${usage.grantedTo.join(', ')}${more})`);
  }
  if (usage.toolCount > 0) {
    const more = usage.toolCount > usage.requiredBy.length ? ', ...' : '';
    parts.push(`required by ${usage.toolCount} tool(s) (${usage.requiredBy.join(', ')}${more})`);
  }
  return `Scope "${name}" is still ${parts.join(' and ')}; revoke the grants and remove it from the tools first.`;
}

@Injectable()
export class ScopesService {
  constructor(
    @Inject(ScopesRepository) private readonly scopes: ScopesRepository,
    @Inject(TransactionRunner) private readonly transactions: TransactionRunner,
    @Inject(ConfigHistoryService) private readonly history: ConfigHistoryService,
  ) {}

  async list(query: ListScopesQuery): Promise<ScopePage> {
    const afterId = query.cursor === undefined ? undefined : decodeCursor(query.cursor, isUuid);
    const rows = await this.scopes.list({ afterId, take: query.limit + 1 });
    return pageOf(rows, query.limit, (scope) => scope.id);
  }

  async get(id: string): Promise<ScopeResource> {
    const scope = await this.scopes.findById(id);
    if (!scope) throw DomainError.notFound(entityType, id);
    return scope;
  }

  create(context: ChangeContext, body: CreateScopeBody): Promise<ScopeResource> {
    return this.transactions.run(async (tx) => {
      const scope = await this.scopes.create(tx, body);
      await this.history.record(tx, context, {
        entityType,
        entityId: scope.id,
        tenantId: null,
        action: 'create',
        before: null,
        after: scope,
      });
      return scope;
    });
  }

  update(context: ChangeContext, id: string, patch: UpdateScopeBody): Promise<ScopeResource> {
    return this.transactions.run(async (tx) => {
      const before = await this.lockExisting(tx, id);
      const after = await this.scopes.update(tx, id, patch);
      await this.history.record(tx, context, {
        entityType,
        entityId: id,
        tenantId: null,
        action: 'update',
        before,
        after,
      });
      return after;
    });
  }

  /** A scope still granted or required is a 409 that names who uses it. */
  delete(context: ChangeContext, id: string): Promise<void> {
    return this.transactions.run(async (tx) => {
      const before = await this.lockExisting(tx, id);
      const usage = await this.scopes.usage(tx, id);
      if (usage.grantCount > 0 || usage.toolCount > 0) {
        throw DomainError.conflict(describeUsage(before.name, usage));
      }
      await this.scopes.delete(tx, id);
      await this.history.record(tx, context, {
        entityType,
        entityId: id,
        tenantId: null,
        action: 'delete',
        before,
        after: null,
      });
    });
  }

  private async lockExisting(tx: DbClient, id: string): Promise<ScopeResource> {
    const scope = await this.scopes.findByIdForUpdate(tx, id);
    if (!scope) throw DomainError.notFound(entityType, id);
    return scope;
  }
}
