import { Inject, Injectable } from '@nestjs/common';
import type {
  FleetSnapshotPage,
  ListFleetSnapshotsQuery,
  SnapshotBuildResult,
} from '@gatehouse/contracts';
import { DomainError } from '../common/errors/domain-error.js';
import { decodeCursor, pageOf } from '../common/pagination/cursor.js';
import { FleetsService } from '../fleets/fleets.service.js';
import { FleetSnapshotsRepository } from './fleet-snapshots.repository.js';
import { SnapshotBuilder } from './snapshot-builder.js';

/** Snapshots as admins see them: the stored versions, and a build on demand. */
@Injectable()
export class FleetSnapshotsService {
  constructor(
    @Inject(FleetSnapshotsRepository) private readonly snapshots: FleetSnapshotsRepository,
    @Inject(SnapshotBuilder) private readonly builder: SnapshotBuilder,
    @Inject(FleetsService) private readonly fleets: FleetsService,
  ) {}

  async list(fleetId: string, query: ListFleetSnapshotsQuery): Promise<FleetSnapshotPage> {
    await this.fleets.assertExists(fleetId);
    const beforeVersion =
      query.cursor === undefined
        ? undefined
        : Number(decodeCursor(query.cursor, (key) => /^\d{1,9}$/.test(key)));
    const rows = await this.snapshots.list(fleetId, { beforeVersion, take: query.limit + 1 });
    return pageOf(rows, query.limit, (snapshot) => String(snapshot.version));
  }

  /** Builds now instead of after the debounce, and says what came of it. */
  async build(fleetId: string): Promise<SnapshotBuildResult> {
    const outcome = await this.builder.build(fleetId);
    switch (outcome.kind) {
      case 'created':
      case 'unchanged':
        return { outcome: outcome.kind, snapshot: outcome.snapshot };
      case 'failed':
        throw new DomainError(
          'conflict',
          outcome.error.message,
          outcome.error.problems.map((problem) => ({
            path: problem.path === '(root)' ? '' : problem.path,
            message: problem.message,
          })),
        );
      case 'no-fleet':
        throw DomainError.notFound('fleet', fleetId);
    }
  }
}
