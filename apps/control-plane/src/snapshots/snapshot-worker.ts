import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Worker } from 'bullmq';
import { JobQueues } from '../jobs/job-queues.js';
import { SNAPSHOTS_QUEUE } from './snapshot-jobs.js';
import type { SnapshotJobName, SnapshotJobPayload } from './snapshot-jobs.js';
import { SnapshotProcessor } from './snapshot.processor.js';
import { SnapshotPublisher } from './snapshot-publisher.js';

/** Builds per fleet are serialised anyway (row lock); this bounds parallel fleets. */
const CONCURRENCY = 4;

/**
 * Runs the `snapshots` queue in this process when WORKER is on (the default). At boot it
 * rebuilds every fleet once, which also re-signs snapshots after a signing key change.
 */
@Injectable()
export class SnapshotWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(SnapshotWorker.name);
  private worker: Worker<SnapshotJobPayload, void, SnapshotJobName> | undefined;

  constructor(
    @Inject(JobQueues) private readonly jobs: JobQueues,
    @Inject(SnapshotProcessor) private readonly processor: SnapshotProcessor,
    @Inject(SnapshotPublisher) private readonly publisher: SnapshotPublisher,
  ) {}

  onApplicationBootstrap(): void {
    this.worker = this.jobs.createWorker<SnapshotJobPayload, SnapshotJobName>(
      SNAPSHOTS_QUEUE,
      (job) => this.processor.process(job),
      { concurrency: CONCURRENCY },
    );
    if (!this.worker) {
      this.logger.log('WORKER=false: snapshot builds run in another process');
      return;
    }
    this.worker.on('failed', (job, error) => {
      this.logger.warn(
        `Snapshot job ${job?.name ?? '?'} (${job?.id ?? '?'}) failed: ${error.message}`,
      );
    });
    this.publisher.request(this.publisher.requestRebuild('all', 'startup'), 'startup');
    this.publisher.request(this.publisher.scheduleReconcile(), 'reconcile schedule');
  }

  async onModuleDestroy(): Promise<void> {
    if (this.worker) await this.jobs.close(this.worker);
    this.worker = undefined;
  }
}
