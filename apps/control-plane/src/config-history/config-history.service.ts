import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigAction, ConfigChangePage, ListConfigHistoryQuery } from '@gatehouse/contracts';
import { decodeCursor, pageOf } from '../common/pagination/cursor.js';
import type { DbClient } from '../database/database.service.js';
import { TransactionRunner } from '../database/transaction-runner.js';
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
 * Told about every change once it has committed (e.g. to rebuild gateway snapshots), with who
 * made it (e.g. for the audit trail's admin-change events).
 */
export type CommittedChangeListener = (change: RecordedChange, context: ChangeContext) => void;

/**
 * Config history for every domain module: call `record(tx, context, change)` inside
 * the transaction that makes the change, so that no change commits without its entry.
 * Because every change passes here, this is also where followers learn of them.
 */
@Injectable()
export class ConfigHistoryService {
  private readonly logger = new Logger(ConfigHistoryService.name);
  private readonly listeners = new Set<CommittedChangeListener>();

  constructor(
    @Inject(ConfigHistoryRepository) private readonly history: ConfigHistoryRepository,
    @Inject(TransactionRunner) private readonly transactions: TransactionRunner,
  ) {}

  async record(tx: DbClient, context: ChangeContext, change: RecordedChange): Promise<void> {
    await this.history.insert(tx, {
      ...change,
      actor: context.actor,
      requestId: context.requestId,
    });
    if (this.listeners.size > 0)
      this.transactions.afterCommit(tx, () => this.notify(change, context));
  }

  /** Calls `listener` after each recorded change commits; returns the unsubscribe. */
  onCommitted(listener: CommittedChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(change: RecordedChange, context: ChangeContext): void {
    for (const listener of this.listeners) {
      try {
        listener(change, context);
      } catch (error) {
        this.logger.error(
          `A listener of ${change.entityType} changes failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    }
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
