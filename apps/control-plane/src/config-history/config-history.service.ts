import { Inject, Injectable } from '@nestjs/common';
import type { ConfigAction, ConfigChangePage, ListConfigHistoryQuery } from '@gatehouse/contracts';
import { decodeCursor, pageOf } from '../common/pagination/cursor.js';
import type { DbClient } from '../database/database.service.js';
import type { ChangeContext, JsonObject } from './change-context.js';
import { ConfigHistoryRepository } from './config-history.repository.js';

/** One configuration change, as a domain module reports it. */
export interface RecordedChange {
  readonly entityType: string;
  readonly entityId: string;
  /** The tenant the entity belongs to (the tenant itself for a tenant), if any. */
  readonly tenantId: string | null;
  readonly action: ConfigAction;
  /** The entity as the API shows it, secrets left out; null on create. */
  readonly before: JsonObject | null;
  /** Likewise after the change; null on delete. */
  readonly after: JsonObject | null;
}

/**
 * Config history for every domain module: call `record(tx, context, change)` inside
 * the transaction that makes the change, so that no change commits without its entry.
 */
@Injectable()
export class ConfigHistoryService {
  constructor(@Inject(ConfigHistoryRepository) private readonly history: ConfigHistoryRepository) {}

  async record(tx: DbClient, context: ChangeContext, change: RecordedChange): Promise<void> {
    await this.history.insert(tx, {
      ...change,
      actor: context.actor,
      requestId: context.requestId,
    });
  }

  async list(query: ListConfigHistoryQuery): Promise<ConfigChangePage> {
    const beforeId =
      query.cursor === undefined
        ? undefined
        : BigInt(decodeCursor(query.cursor, (key) => /^\d{1,19}$/.test(key)));
    const rows = await this.history.list({
      entityType: query.entityType,
      entityId: query.entityId,
      tenantId: query.tenantId,
      beforeId,
      take: query.limit + 1,
    });
    return pageOf(rows, query.limit, (row) => row.id);
  }
}
