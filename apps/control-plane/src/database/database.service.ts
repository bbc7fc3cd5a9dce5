import { Inject, Injectable } from '@nestjs/common';
import type { OnModuleDestroy } from '@nestjs/common';
import { createPrismaClient } from '@gatehouse/db';
import type { Prisma, PrismaClient } from '@gatehouse/db';
import { APP_CONFIG } from '../config/app-config.js';
import type { AppConfig } from '../config/app-config.js';

/**
 * What repositories run queries on: the pooled client or a transaction. Services only pass
 * it along (from TransactionRunner to repositories); they never query with it.
 */
export type DbClient = Prisma.TransactionClient;

/** Owns the Prisma client (on @prisma/adapter-pg) for the life of the process. */
@Injectable()
export class DatabaseService implements OnModuleDestroy {
  readonly client: PrismaClient;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    // Prisma connects lazily on the first query: boot does not wait for Postgres, and
    // /readyz is what tells an orchestrator whether it is reachable.
    this.client = createPrismaClient(config.database.url, {
      maxConnections: config.database.poolSize,
    });
  }

  /** A round trip to Postgres, for readiness checks. */
  async ping(): Promise<void> {
    await this.client.$queryRaw`SELECT 1`;
  }

  async onModuleDestroy(): Promise<void> {
    await this.client.$disconnect();
  }
}
