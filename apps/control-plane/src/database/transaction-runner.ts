import { Inject, Injectable, Logger } from '@nestjs/common';
import { DatabaseService } from './database.service.js';
import type { DbClient } from './database.service.js';

export interface TransactionOptions {
  /** Longest the work may take (Prisma's default: 5 s), e.g. for a large catalog. */
  readonly timeout?: number;
  /** Longest to wait for a connection from the pool (Prisma's default: 2 s). */
  readonly maxWait?: number;
}

/**
 * Runs a unit of work in one Postgres transaction. A change and its config-history row
 * commit together or not at all.
 */
@Injectable()
export class TransactionRunner {
  private readonly logger = new Logger(TransactionRunner.name);
  /** Callbacks per open transaction, run once it has committed (dropped on rollback). */
  private readonly committed = new WeakMap<DbClient, (() => void)[]>();

  constructor(@Inject(DatabaseService) private readonly database: DatabaseService) {}

  async run<T>(work: (tx: DbClient) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    const callbacks: (() => void)[] = [];
    const result = await this.database.client.$transaction((tx) => {
      this.committed.set(tx, callbacks);
      return work(tx);
    }, options);
    for (const callback of callbacks) {
      try {
        callback();
      } catch (error) {
        // The change is committed: a follower's failure must not turn it into an error.
        this.logger.error(`An after-commit callback failed: ${String(error)}`);
      }
    }
    return result;
  }

  /**
   * Runs `callback` after the transaction `tx` commits, and never if it rolls back: for
   * effects outside Postgres (queueing a snapshot rebuild) that must not see uncommitted
   * data. A client that is not a transaction of this runner (use `run` for every change, so
   * that this holds) has nothing to wait for: the callback runs at once.
   */
  afterCommit(tx: DbClient, callback: () => void): void {
    const callbacks = this.committed.get(tx);
    if (callbacks) callbacks.push(callback);
    else callback();
  }
}
