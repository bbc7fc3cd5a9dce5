import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { Processor, Worker } from 'bullmq';
import { APP_CONFIG } from '../../config/app-config.js';
import type { AppConfig } from '../../config/app-config.js';
import { JobQueues } from '../../jobs/job-queues.js';
import { INTROSPECTION_QUEUE } from './introspection-jobs.js';
import type { IntrospectionJobName, IntrospectionJobPayload } from './introspection-jobs.js';
import { IntrospectionProcessor } from './introspection.processor.js';
import { IntrospectionQueue } from './introspection.queue.js';

/** Upstreams introspected at once by this process (each may run a stdio child). */
const CONCURRENCY = 4;
/** While Redis is unreachable at boot, registering the schedule is retried this often. */
const scheduleRetryMs = 30_000;

/**
 * Runs the `introspection` queue in this process when WORKER is on (the default), and keeps
 * the schedule (INTROSPECTION_INTERVAL_SECONDS) registered.
 */
@Injectable()
export class IntrospectionWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(IntrospectionWorker.name);
  private worker: Worker<IntrospectionJobPayload, void, IntrospectionJobName> | undefined;
  private scheduleRetry: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(JobQueues) private readonly jobs: JobQueues,
    @Inject(IntrospectionQueue) private readonly queue: IntrospectionQueue,
    @Inject(IntrospectionProcessor) private readonly processor: IntrospectionProcessor,
  ) {}

  onApplicationBootstrap(): void {
    // BullMQ keeps what a processor returns as the job's return value (the API shows it);
    // JobQueues types results as void, so the result passes through unknown once, here.
    const run: Processor<IntrospectionJobPayload, void, IntrospectionJobName> = async (job) =>
      (await this.processor.process(job)) as unknown as void;
    this.worker = this.jobs.createWorker(INTROSPECTION_QUEUE, run, { concurrency: CONCURRENCY });
    if (!this.worker) {
      this.logger.log('WORKER=false: upstream introspection runs in another process');
      return;
    }
    this.worker.on('failed', (job, error) => {
      this.logger.warn(`Introspection job ${job?.id ?? '?'} failed: ${error.message}`);
    });
    this.registerSchedule();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.scheduleRetry);
    if (this.worker) await this.jobs.close(this.worker);
    this.worker = undefined;
  }

  private registerSchedule(): void {
    const intervalSeconds = this.config.introspection.intervalSeconds;
    this.queue.schedule(intervalSeconds).then(
      () =>
        this.logger.log(
          intervalSeconds === 0
            ? 'Scheduled introspection off'
            : `Introspecting every enabled upstream every ${intervalSeconds} s`,
        ),
      (error: unknown) => {
        if (this.stopped) return;
        this.logger.warn(
          `Could not register the introspection schedule (retrying in ${scheduleRetryMs / 1000} s): ${error instanceof Error ? error.message : String(error)}`,
        );
        this.scheduleRetry = setTimeout(() => this.registerSchedule(), scheduleRetryMs);
        this.scheduleRetry.unref();
      },
    );
  }
}
