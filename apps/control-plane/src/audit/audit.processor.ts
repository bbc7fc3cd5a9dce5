import { Inject, Injectable } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import type { Job } from 'bullmq';
import type { z } from 'zod';
import { AuditExportBuilder } from './audit-export-builder.js';
import {
  applyRetentionPayloadSchema,
  AuditJobName,
  buildExportPayloadSchema,
} from './audit-export-jobs.js';
import type { AuditJobPayload } from './audit-export-jobs.js';
import { AuditRetention } from './audit-retention.js';

function payload<S extends z.ZodType>(schema: S, job: Job<AuditJobPayload>): z.output<S> {
  const parsed = schema.safeParse(job.data);
  if (!parsed.success)
    throw new UnrecoverableError(
      `job ${job.name} has a malformed payload: ${parsed.error.message}`,
    );
  return parsed.data;
}

/** The one processor of the `audit` queue. */
@Injectable()
export class AuditProcessor {
  constructor(
    @Inject(AuditExportBuilder) private readonly exports: AuditExportBuilder,
    @Inject(AuditRetention) private readonly retention: AuditRetention,
  ) {}

  async process(job: Job<AuditJobPayload, void, AuditJobName>): Promise<void> {
    switch (job.name) {
      case AuditJobName.BuildExport: {
        const { exportId } = payload(buildExportPayloadSchema, job);
        await this.exports.build(exportId);
        return;
      }
      case AuditJobName.ApplyRetention: {
        payload(applyRetentionPayloadSchema, job);
        await this.retention.apply();
        return;
      }
      default:
        throw new UnrecoverableError(`unknown job "${String(job.name)}" on the audit queue`);
    }
  }
}
