import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnModuleDestroy } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { APP_CONFIG } from '../config/app-config.js';
import type { AppConfig } from '../config/app-config.js';
import { JobQueues } from '../jobs/job-queues.js';
import { FleetConfigSourceRepository } from './fleet-config-source.repository.js';
import { SNAPSHOTS_QUEUE, SnapshotJobName } from './snapshot-jobs.js';
import type { SnapshotJobPayload } from './snapshot-jobs.js';

/** How often every fleet is rebuilt anyway: catches a change whose rebuild request was lost. */
const RECONCILE_EVERY_MS = 5 * 60_000;

/**
 * Asks for snapshot rebuilds, debounced: the first request for a fleet queues a build that
 * starts `SNAPSHOT_BUILD_DELAY_MS` later; requests until then fold into it, and a request
 * while it runs queues exactly one more. So a burst of changes builds once or twice, never
 * once per change, and a change made during a build is never missed.
 */
@Injectable()
export class SnapshotPublisher implements OnModuleDestroy {
  private readonly logger = new Logger(SnapshotPublisher.name);
  readonly queue: Queue<SnapshotJobPayload, void, SnapshotJobName>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(JobQueues) private readonly jobs: JobQueues,
    @Inject(FleetConfigSourceRepository) private readonly sources: FleetConfigSourceRepository,
  ) {
    this.queue = jobs.createQueue<SnapshotJobPayload, SnapshotJobName>(SNAPSHOTS_QUEUE, {
      // A failed build (database away) is retried; one that cannot compile is not (see processor).
      attempts: 5,
      backoff: { type: 'exponential', delay: 1_000 },
      removeOnComplete: { count: 100 },
      removeOnFail: { count: 500 },
    });
  }

  /** Rebuild one fleet's snapshot, or every fleet's (`'all'`). */
  async requestRebuild(target: string, reason = 'change'): Promise<void> {
    const delay = this.config.snapshots.buildDelayMs;
    if (target === 'all') {
      await this.queue.add(
        SnapshotJobName.RebuildAll,
        { reason: reason.slice(0, 200) },
        { delay, deduplication: { id: 'all', keepLastIfActive: true } },
      );
      return;
    }
    await this.queue.add(
      SnapshotJobName.BuildSnapshot,
      { fleetId: target },
      { delay, deduplication: { id: `fleet:${target}`, keepLastIfActive: true } },
    );
  }

  /** Rebuild the fleets that serve a tenant. */
  async requestRebuildForTenant(tenantId: string): Promise<void> {
    const fleetIds = await this.sources.fleetIdsServing(tenantId);
    await Promise.all(fleetIds.map((fleetId) => this.requestRebuild(fleetId)));
  }

  /** Fire and forget (for callers that must not fail): a lost request is caught up later. */
  request(work: Promise<void>, what: string): void {
    work.catch((error: unknown) => {
      this.logger.warn(
        `Could not queue a snapshot rebuild (${what}); the periodic reconcile will: ${error instanceof Error ? error.message : String(error)}`,
      );
    });
  }

  async scheduleReconcile(): Promise<void> {
    // BullMQ types a scheduler id as a job name: the one scheduler is named after its job.
    await this.queue.upsertJobScheduler(
      SnapshotJobName.RebuildAll,
      { every: RECONCILE_EVERY_MS },
      { name: SnapshotJobName.RebuildAll, data: { reason: 'reconcile' } },
    );
  }

  async onModuleDestroy(): Promise<void> {
    await this.jobs.close(this.queue);
  }
}
