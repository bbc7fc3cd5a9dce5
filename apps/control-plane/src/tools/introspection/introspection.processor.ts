import { Inject, Injectable } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import type { Job } from 'bullmq';
import type { z } from 'zod';
import type { IntrospectionResult } from '@gatehouse/contracts';
import { DomainError } from '../../common/errors/domain-error.js';
import type { ChangeContext } from '../../config-history/change-context.js';
import { UpstreamsService } from '../../upstreams/upstreams.service.js';
import {
  introspectAllPayloadSchema,
  IntrospectionJobName,
  introspectUpstreamPayloadSchema,
} from './introspection-jobs.js';
import type { IntrospectionJobPayload } from './introspection-jobs.js';
import { IntrospectionQueue } from './introspection.queue.js';
import { ToolCatalogService } from './tool-catalog.service.js';
import { UpstreamIntrospector } from './upstream-introspector.js';

export type IntrospectionQueueJob = Job<IntrospectionJobPayload, void, IntrospectionJobName>;

function payload<S extends z.ZodType>(schema: S, job: IntrospectionQueueJob): z.output<S> {
  const parsed = schema.safeParse(job.data);
  // Retrying a malformed job cannot help.
  if (!parsed.success)
    throw new UnrecoverableError(
      `job ${job.name} has a malformed payload: ${parsed.error.message}`,
    );
  return parsed.data;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The one processor of the `introspection` queue. */
@Injectable()
export class IntrospectionProcessor {
  constructor(
    @Inject(UpstreamsService) private readonly upstreams: UpstreamsService,
    @Inject(UpstreamIntrospector) private readonly introspector: UpstreamIntrospector,
    @Inject(ToolCatalogService) private readonly catalog: ToolCatalogService,
    @Inject(IntrospectionQueue) private readonly queue: IntrospectionQueue,
  ) {}

  /** The result of an upstream's introspection; nothing for the scheduled sweep. */
  async process(job: IntrospectionQueueJob): Promise<IntrospectionResult | undefined> {
    switch (job.name) {
      case IntrospectionJobName.IntrospectUpstream: {
        const { upstreamId } = payload(introspectUpstreamPayloadSchema, job);
        return this.introspect(upstreamId, job.id ?? 'unknown');
      }
      case IntrospectionJobName.IntrospectAll: {
        payload(introspectAllPayloadSchema, job);
        await this.queue.enqueueUpstreams(await this.upstreams.enabledIds(), 'schedule');
        return undefined;
      }
      default:
        throw new UnrecoverableError(
          `unknown job "${String(job.name)}" on the introspection queue`,
        );
    }
  }

  private async introspect(upstreamId: string, jobId: string): Promise<IntrospectionResult> {
    const started = Date.now();
    const upstream = await this.upstreams.get(upstreamId).catch((error: unknown) => {
      if (error instanceof DomainError && error.code === 'not_found')
        throw new UnrecoverableError(`upstream ${upstreamId} no longer exists`);
      throw error;
    });
    let listed;
    try {
      listed = await this.introspector.listTools(upstream);
    } catch (error) {
      const message = messageOf(error);
      // The upstream shows why its catalog is stale; the next schedule tries again.
      await this.catalog.recordFailure(upstreamId, message);
      throw new UnrecoverableError(message);
    }
    const context: ChangeContext = {
      actor: { type: 'system', id: 'introspection' },
      requestId: `introspection-job:${jobId}`,
    };
    const changes = await this.catalog.apply(context, upstreamId, listed, new Date());
    if (!changes) throw new UnrecoverableError(`upstream ${upstreamId} was deleted meanwhile`);
    return { upstreamId, ...changes, durationMs: Date.now() - started };
  }
}
