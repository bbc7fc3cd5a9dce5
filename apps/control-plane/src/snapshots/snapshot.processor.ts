import { Inject, Injectable, Logger } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import type { Job } from 'bullmq';
import type { z } from 'zod';
import { FleetConfigSourceRepository } from './fleet-config-source.repository.js';
import { SnapshotBuilder } from './snapshot-builder.js';
import {
  buildSnapshotPayloadSchema,
  rebuildAllPayloadSchema,
  SnapshotJobName,
} from './snapshot-jobs.js';
import type { SnapshotJobPayload } from './snapshot-jobs.js';
import { SnapshotPublisher } from './snapshot-publisher.js';

function payload<S extends z.ZodType>(schema: S, job: Job<SnapshotJobPayload>): z.output<S> {
  const parsed = schema.safeParse(job.data);
  // Retrying a malformed job cannot help.
  if (!parsed.success)
    throw new UnrecoverableError(
      `job ${job.name} has a malformed payload: ${parsed.error.message}`,
    );
  return parsed.data;
}

/** The one processor of the `snapshots` queue. */
@Injectable()
export class SnapshotProcessor {
  private readonly logger = new Logger(SnapshotProcessor.name);

  constructor(
    @Inject(SnapshotBuilder) private readonly builder: SnapshotBuilder,
    @Inject(SnapshotPublisher) private readonly publisher: SnapshotPublisher,
    @Inject(FleetConfigSourceRepository) private readonly sources: FleetConfigSourceRepository,
  ) {}

  async process(job: Job<SnapshotJobPayload, void, SnapshotJobName>): Promise<void> {
    switch (job.name) {
      case SnapshotJobName.BuildSnapshot: {
        const { fleetId } = payload(buildSnapshotPayloadSchema, job);
        // A configuration that does not compile is recorded on the fleet, not retried: it
        // only changes with the next config change, which queues a build of its own.
        await this.builder.build(fleetId);
        return;
      }
      case SnapshotJobName.RebuildAll: {
        const { reason } = payload(rebuildAllPayloadSchema, job);
        const fleetIds = await this.sources.allFleetIds();
        this.logger.debug(`Rebuilding ${fleetIds.length} fleet(s): ${reason}`);
        await Promise.all(
          fleetIds.map((fleetId) => this.publisher.requestRebuild(fleetId, reason)),
        );
        return;
      }
      default:
        throw new UnrecoverableError(`unknown job "${String(job.name)}" on the snapshots queue`);
    }
  }
}
