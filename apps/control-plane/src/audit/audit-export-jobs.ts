import { z } from 'zod';

/**
 * The BullMQ queue of audit work. Not `audit`: BullMQ keeps a queue's event stream at
 * `<prefix>:<queue>:events`, which would be the audit stream itself (`<prefix>audit:events`),
 * and the consumer would read BullMQ's job events as malformed audit entries.
 */
export const AUDIT_QUEUE = 'audit-jobs';

export enum AuditJobName {
  /** Write one export's file and signed manifest. */
  BuildExport = 'build-export',
  /** Delete events past each tenant's retention. */
  ApplyRetention = 'apply-retention',
}

export const buildExportPayloadSchema = z.strictObject({ exportId: z.uuid() });
export type BuildExportPayload = z.infer<typeof buildExportPayloadSchema>;

export const applyRetentionPayloadSchema = z.strictObject({ reason: z.string().max(200) });
export type ApplyRetentionPayload = z.infer<typeof applyRetentionPayloadSchema>;

export type AuditJobPayload = BuildExportPayload | ApplyRetentionPayload;
