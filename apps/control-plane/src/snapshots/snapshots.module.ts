import { Module } from '@nestjs/common';
import { ConfigHistoryModule } from '../config-history/config-history.module.js';
import { FleetsModule } from '../fleets/fleets.module.js';
import { ConfigChangeRebuilds } from './config-change-rebuilds.js';
import { FleetConfigSourceRepository } from './fleet-config-source.repository.js';
import { FleetSnapshotsController } from './fleet-snapshots.controller.js';
import { FleetSnapshotsRepository } from './fleet-snapshots.repository.js';
import { FleetSnapshotsService } from './fleet-snapshots.service.js';
import { SnapshotBuilder } from './snapshot-builder.js';
import { SnapshotNotifier } from './snapshot-notifier.js';
import { SnapshotPullController } from './snapshot-pull.controller.js';
import { SnapshotPullService } from './snapshot-pull.service.js';
import { SnapshotPublisher } from './snapshot-publisher.js';
import { SnapshotWorker } from './snapshot-worker.js';
import { SnapshotProcessor } from './snapshot.processor.js';

/**
 * Signed config snapshots: compiled from the configuration of each fleet, rebuilt (debounced,
 * on BullMQ) after every change, and pulled by gateway nodes with ETag and long-poll.
 * Needs SigningKeysModule and JobsModule (both global).
 */
@Module({
  imports: [ConfigHistoryModule, FleetsModule],
  controllers: [FleetSnapshotsController, SnapshotPullController],
  providers: [
    FleetConfigSourceRepository,
    FleetSnapshotsRepository,
    FleetSnapshotsService,
    SnapshotBuilder,
    SnapshotNotifier,
    SnapshotPublisher,
    SnapshotProcessor,
    SnapshotWorker,
    SnapshotPullService,
    ConfigChangeRebuilds,
  ],
  exports: [SnapshotPublisher, SnapshotBuilder],
})
export class SnapshotsModule {}
