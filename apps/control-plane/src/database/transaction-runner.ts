import { Inject, Injectable } from '@nestjs/common';
import { DatabaseService } from './database.service.js';
import type { DbClient } from './database.service.js';

/**
 * Runs a unit of work in one Postgres transaction. A change and its config-history row
 * commit together or not at all.
 */
@Injectable()
export class TransactionRunner {
  constructor(@Inject(DatabaseService) private readonly database: DatabaseService) {}

  run<T>(work: (tx: DbClient) => Promise<T>): Promise<T> {
    return this.database.client.$transaction(work);
  }
}
