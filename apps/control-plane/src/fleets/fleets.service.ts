import { Inject, Injectable } from '@nestjs/common';
import type {
  CreateFleetBody,
  FleetPage,
  FleetResource,
  ListFleetsQuery,
  UpdateFleetBody,
} from '@gatehouse/contracts';
import { DomainError } from '../common/errors/domain-error.js';
import { decodeCursor, isUuid, pageOf } from '../common/pagination/cursor.js';
import type { ChangeContext } from '../config-history/change-context.js';
import { ConfigHistoryService } from '../config-history/config-history.service.js';
import type { DbClient } from '../database/database.service.js';
import { TransactionRunner } from '../database/transaction-runner.js';
import { FleetsRepository } from './fleets.repository.js';

export const FLEET_ENTITY = 'fleet';

@Injectable()
export class FleetsService {
  constructor(
    @Inject(FleetsRepository) private readonly fleets: FleetsRepository,
    @Inject(TransactionRunner) private readonly transactions: TransactionRunner,
    @Inject(ConfigHistoryService) private readonly history: ConfigHistoryService,
  ) {}

  async list(query: ListFleetsQuery): Promise<FleetPage> {
    const afterId = query.cursor === undefined ? undefined : decodeCursor(query.cursor, isUuid);
    const rows = await this.fleets.list({ afterId, take: query.limit + 1 });
    return pageOf(rows, query.limit, (fleet) => fleet.id);
  }

  async get(id: string): Promise<FleetResource> {
    const fleet = await this.fleets.findById(id);
    if (!fleet) throw DomainError.notFound(FLEET_ENTITY, id);
    return fleet;
  }

  /** Throws not_found unless the fleet exists (for routes on its sub-resources). */
  async assertExists(id: string): Promise<void> {
    if (!(await this.fleets.exists(id))) throw DomainError.notFound(FLEET_ENTITY, id);
  }

  create(context: ChangeContext, body: CreateFleetBody): Promise<FleetResource> {
    return this.transactions.run(async (tx) => {
      const fleet = await this.fleets.create(tx, body);
      await this.history.record(tx, context, {
        entityType: FLEET_ENTITY,
        entityId: fleet.id,
        tenantId: null,
        action: 'create',
        before: null,
        after: fleet,
      });
      return fleet;
    });
  }

  update(context: ChangeContext, id: string, patch: UpdateFleetBody): Promise<FleetResource> {
    return this.transactions.run(async (tx) => {
      const before = await this.lockExisting(tx, id);
      const after = await this.fleets.update(tx, id, patch);
      await this.history.record(tx, context, {
        entityType: FLEET_ENTITY,
        entityId: id,
        tenantId: null,
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
      await this.fleets.delete(tx, id);
      await this.history.record(tx, context, {
        entityType: FLEET_ENTITY,
        entityId: id,
        tenantId: null,
        action: 'delete',
        before,
        after: null,
      });
    });
  }

  private async lockExisting(tx: DbClient, id: string): Promise<FleetResource> {
    const fleet = await this.fleets.findByIdForUpdate(tx, id);
    if (!fleet) throw DomainError.notFound(FLEET_ENTITY, id);
    return fleet;
  }
}
