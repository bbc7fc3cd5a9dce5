import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Queue, Worker } from 'bullmq';
import { JobQueues } from '../jobs/job-queues.js';
import { AUDIT_QUEUE, AuditJobName } from './audit-export-jobs.js';
import type { AuditJobPayload } from './audit-export-jobs.js';
import { AuditProcessor } from './audit.processor.js';

const RETENTION_EVERY_MS = 60 * 60 * 1000;

/** The `audit` queue: exports are enqueued by the API, built by workers; retention hourly. */
@Injectable()
export class AuditWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(AuditWorker.name);
  private worker: Worker<AuditJobPayload, void, AuditJobName> | undefined;
  private queue: Queue<AuditJobPayload, void, AuditJobName> | undefined;

  constructor(
    @Inject(JobQueues) private readonly jobs: JobQueues,
    @Inject(AuditProcessor) private readonly processor: AuditProcessor,
  ) {}

  onApplicationBootstrap(): void {
    this.worker = this.jobs.createWorker<AuditJobPayload, AuditJobName>(
      AUDIT_QUEUE,
      (job) => this.processor.process(job),
      { concurrency: 1 },
    );
    this.worker?.on('failed', (job, error) => {
      this.logger.warn(
        `Audit job ${job?.name ?? '?'} (${job?.id ?? '?'}) failed: ${error.message}`,
      );
    });
    if (this.worker)
      this.enqueueRetentionSchedule().catch((error: unknown) =>
        this.logger.warn(`Could not schedule audit retention: ${String(error)}`),
      );
  }

  /** Queues an export build (the API's POST). */
  async enqueueExport(exportId: string): Promise<void> {
    await this.producer().add(
      AuditJobName.BuildExport,
      { exportId },
      { jobId: `export-${exportId}` },
    );
  }

  async onModuleDestroy(): Promise<void> {
    if (this.worker) await this.jobs.close(this.worker);
    if (this.queue) await this.jobs.close(this.queue);
    this.worker = undefined;
    this.queue = undefined;
  }

  private async enqueueRetentionSchedule(): Promise<void> {
    await this.producer().upsertJobScheduler(
      AuditJobName.ApplyRetention,
      { every: RETENTION_EVERY_MS },
      { name: AuditJobName.ApplyRetention, data: { reason: 'schedule' } },
    );
  }

  private producer(): Queue<AuditJobPayload, void, AuditJobName> {
    this.queue ??= this.jobs.createQueue<AuditJobPayload, AuditJobName>(AUDIT_QUEUE, {
      attempts: 3,
      backoff: { type: 'exponential', delay: 2_000 },
      removeOnComplete: 1_000,
      removeOnFail: 1_000,
    });
    return this.queue;
  }
}
