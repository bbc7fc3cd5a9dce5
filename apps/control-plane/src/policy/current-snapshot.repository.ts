import { Inject, Injectable } from '@nestjs/common';
import { DatabaseService } from '../database/database.service.js';

export interface StoredSnapshot {
  readonly version: number;
  /** The compact JWS exactly as nodes receive it. */
  readonly jws: string;
}

/** The newest signed snapshot of a fleet: what its nodes run (or are about to). */
@Injectable()
export class CurrentSnapshotRepository {
  constructor(@Inject(DatabaseService) private readonly database: DatabaseService) {}

  async fleetExists(fleetId: string): Promise<boolean> {
    const count = await this.database.client.gatewayFleet.count({ where: { id: fleetId } });
    return count === 1;
  }

  async latest(fleetId: string): Promise<StoredSnapshot | undefined> {
    const row = await this.database.client.configSnapshot.findFirst({
      where: { fleetId },
      orderBy: { version: 'desc' },
      select: { version: true, jws: true },
    });
    return row ?? undefined;
  }
}
