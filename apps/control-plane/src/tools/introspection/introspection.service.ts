import { Inject, Injectable, Logger } from '@nestjs/common';
import type { IntrospectionJob } from '@gatehouse/contracts';
import { DomainError } from '../../common/errors/domain-error.js';
import { UpstreamsService } from '../../upstreams/upstreams.service.js';
import { IntrospectionQueue } from './introspection.queue.js';

@Injectable()
export class IntrospectionService {
  private readonly logger = new Logger(IntrospectionService.name);

  constructor(
    @Inject(UpstreamsService) private readonly upstreams: UpstreamsService,
    @Inject(IntrospectionQueue) private readonly queue: IntrospectionQueue,
  ) {}

  async request(upstreamId: string): Promise<IntrospectionJob> {
    await this.upstreams.get(upstreamId);
    return this.onQueue(() => this.queue.enqueueUpstream(upstreamId, 'manual'));
  }

  async job(jobId: string): Promise<IntrospectionJob> {
    const job = await this.onQueue(() => this.queue.find(jobId));
    if (!job) {
      throw new DomainError(
        'not_found',
        `No introspection job with id ${jobId} (finished jobs are kept for a day, failed ones for a week).`,
      );
    }
    return job;
  }

  private async onQueue<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      this.logger.warn(
        `Introspection queue unavailable: ${error instanceof Error ? error.message : String(error)}`,
      );
      throw new DomainError(
        'unavailable',
        'The job queue (Redis) is unavailable; try again shortly.',
      );
    }
  }
}
