import { Inject, Injectable } from '@nestjs/common';
import type { OnModuleDestroy } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import { introspectionResultSchema } from '@gatehouse/contracts';
import type { IntrospectionJob, IntrospectionJobState } from '@gatehouse/contracts';
import { JobQueues } from '../../jobs/job-queues.js';
import {
  INTROSPECTION_QUEUE,
  IntrospectionJobName,
  introspectUpstreamPayloadSchema,
} from './introspection-jobs.js';
import type { IntrospectionJobPayload, IntrospectionTrigger } from './introspection-jobs.js';

type IntrospectionQueueJob = Job<IntrospectionJobPayload, void, IntrospectionJobName>;

// Finished jobs stay readable for a while (GET /jobs/introspection/{id}), in bounded number.
const keepCompleted = { age: 24 * 3600, count: 1_000 };
const keepFailed = { age: 7 * 24 * 3600, count: 1_000 };

function stateOf(state: string): IntrospectionJobState {
  switch (state) {
    case 'active':
      return 'running';
    case 'completed':
      return 'completed';
    case 'failed':
      return 'failed';
    default:
      // waiting, delayed, prioritized, waiting-children
      return 'queued';
  }
}

function isoOrNull(epochMs: number | undefined): string | null {
  return epochMs === undefined ? null : new Date(epochMs).toISOString();
}

/** The producer side of the `introspection` queue, and how its jobs look through the API. */
@Injectable()
export class IntrospectionQueue implements OnModuleDestroy {
  private readonly queue: Queue<IntrospectionJobPayload, void, IntrospectionJobName>;

  constructor(@Inject(JobQueues) private readonly jobs: JobQueues) {
    this.queue = jobs.createQueue<IntrospectionJobPayload, IntrospectionJobName>(
      INTROSPECTION_QUEUE,
      { attempts: 1, removeOnComplete: keepCompleted, removeOnFail: keepFailed },
    );
  }

  async enqueueUpstream(
    upstreamId: string,
    trigger: IntrospectionTrigger,
  ): Promise<IntrospectionJob> {
    const job = await this.queue.add(IntrospectionJobName.IntrospectUpstream, {
      upstreamId,
      trigger,
    });
    return this.describe(job, 'queued');
  }

  async enqueueUpstreams(
    upstreamIds: readonly string[],
    trigger: IntrospectionTrigger,
  ): Promise<void> {
    if (upstreamIds.length === 0) return;
    await this.queue.addBulk(
      upstreamIds.map((upstreamId) => ({
        name: IntrospectionJobName.IntrospectUpstream,
        data: { upstreamId, trigger },
      })),
    );
  }

  /**
   * Introspects every enabled upstream every `intervalSeconds`; 0 removes the schedule. One
   * scheduler (named after its job) however many control planes register it.
   */
  async schedule(intervalSeconds: number): Promise<void> {
    if (intervalSeconds === 0) {
      await this.queue.removeJobScheduler(IntrospectionJobName.IntrospectAll);
      return;
    }
    await this.queue.upsertJobScheduler(
      IntrospectionJobName.IntrospectAll,
      { every: intervalSeconds * 1000 },
      { name: IntrospectionJobName.IntrospectAll, data: { trigger: 'schedule' } },
    );
  }

  async find(jobId: string): Promise<IntrospectionJob | undefined> {
    // State first: a job read after it is seen finished carries its result or failure
    // (read the other way round, it may finish in between and show neither).
    const state = await this.queue.getJobState(jobId);
    if (state === 'unknown') return undefined;
    const job = await this.queue.getJob(jobId);
    return job ? this.describe(job, stateOf(state)) : undefined;
  }

  async onModuleDestroy(): Promise<void> {
    await this.jobs.close(this.queue);
  }

  private describe(job: IntrospectionQueueJob, state: IntrospectionJobState): IntrospectionJob {
    const upstream = introspectUpstreamPayloadSchema.safeParse(job.data);
    // The processor's return value (JobQueues types results as void): read it back checked.
    const result = introspectionResultSchema.safeParse(job.returnvalue);
    return {
      id: job.id ?? '',
      kind: upstream.success ? 'upstream' : 'all',
      upstreamId: upstream.success ? upstream.data.upstreamId : null,
      trigger: upstream.success ? upstream.data.trigger : 'schedule',
      state,
      queuedAt: new Date(job.timestamp).toISOString(),
      startedAt: isoOrNull(job.processedOn),
      finishedAt: state === 'completed' || state === 'failed' ? isoOrNull(job.finishedOn) : null,
      result: state === 'completed' && result.success ? result.data : null,
      error: state === 'failed' ? (job.failedReason ?? 'failed') : null,
    };
  }
}
