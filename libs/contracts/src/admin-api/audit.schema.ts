import { z } from 'zod';
import {
  argumentSummarySchema,
  auditEventKindSchema,
  auditStatusSchema,
} from '../audit/audit-event.schema.js';
import { isoDateTimeSchema, pageQuerySchema, pageSchemaOf } from './common.schema.js';

/** Filters shared by search and exports. */
export const auditFilterSchema = z.strictObject({
  from: isoDateTimeSchema.optional().describe('Events at or after this time'),
  to: isoDateTimeSchema.optional().describe('Events before this time'),
  tenant: z.string().min(1).max(200).optional().describe('Tenant id (or slug on DB-less nodes)'),
  client: z.string().min(1).max(200).optional(),
  tool: z.string().min(1).max(300).optional(),
  status: auditStatusSchema.optional(),
  kind: auditEventKindSchema.optional(),
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;

export const listAuditEventsQuerySchema = z
  .strictObject({ ...pageQuerySchema.shape, ...auditFilterSchema.shape })
  .meta({ id: 'ListAuditEventsQuery' });
export type ListAuditEventsQuery = z.infer<typeof listAuditEventsQuerySchema>;

export const auditEventRecordSchema = z
  .object({
    id: z.string().describe('Storage order (increasing)'),
    eventId: z.string(),
    kind: auditEventKindSchema,
    occurredAt: isoDateTimeSchema,
    receivedAt: isoDateTimeSchema,
    tenantId: z.string().nullable(),
    clientId: z.string().nullable(),
    userId: z.string().nullable(),
    nodeId: z.string().nullable(),
    action: z.string(),
    toolName: z.string().nullable(),
    toolVersion: z.string().nullable(),
    status: auditStatusSchema,
    errorCode: z.string().nullable(),
    latencyMs: z.number(),
    arguments: z.array(argumentSummarySchema).describe('Key names and sizes, never values'),
    sideEffects: z.object({
      resourceIds: z.array(z.string()),
      planId: z.string().nullable(),
      idempotencyKey: z.string().nullable(),
    }),
    traceId: z.string().nullable(),
    requestId: z.string().nullable(),
    chainSeq: z.string().describe("Position in the tenant's hash chain"),
    hash: z.string(),
  })
  .meta({ id: 'AuditEventRecord' });
export type AuditEventRecord = z.infer<typeof auditEventRecordSchema>;

export const auditEventPageSchema = pageSchemaOf(auditEventRecordSchema).meta({
  id: 'AuditEventPage',
});
export type AuditEventPage = z.infer<typeof auditEventPageSchema>;

export const auditStatsQuerySchema = z
  .strictObject({
    minutes: z.coerce.number().int().min(1).max(1440).default(60).describe('Window, in minutes'),
    tenant: z.string().min(1).max(200).optional(),
  })
  .meta({ id: 'AuditStatsQuery' });
export type AuditStatsQuery = z.infer<typeof auditStatsQuerySchema>;

export const auditStatsBucketSchema = z
  .object({
    minute: isoDateTimeSchema,
    calls: z.number().int().describe('Tool calls and refusals'),
    errors: z.number().int(),
    refused: z.number().int(),
    rateLimited: z.number().int(),
    p95LatencyMs: z.number().nullable(),
  })
  .meta({ id: 'AuditStatsBucket' });
export type AuditStatsBucket = z.infer<typeof auditStatsBucketSchema>;

export const auditStatsSchema = z
  .object({ minutes: z.number().int(), buckets: z.array(auditStatsBucketSchema) })
  .meta({ id: 'AuditStats' });
export type AuditStats = z.infer<typeof auditStatsSchema>;

export const verifyAuditQuerySchema = z
  .strictObject({
    tenant: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe('One chain (a tenant; `-` for events without one); all chains when omitted'),
    from: isoDateTimeSchema.optional().describe('Links stored at or after this time'),
    to: isoDateTimeSchema.optional().describe('Links stored before this time'),
  })
  .meta({ id: 'VerifyAuditQuery' });
export type VerifyAuditQuery = z.infer<typeof verifyAuditQuerySchema>;

export const auditChainBreakSchema = z
  .object({
    seq: z.string().describe('The position where the chain first breaks'),
    eventId: z.string().nullable(),
    reason: z.enum(['edited', 'deleted', 'reordered', 'truncated', 'unchained']),
    message: z.string(),
  })
  .meta({ id: 'AuditChainBreak' });
export type AuditChainBreak = z.infer<typeof auditChainBreakSchema>;

export const auditChainReportSchema = z
  .object({
    chain: z.string(),
    ok: z.boolean(),
    checked: z.number().int(),
    firstSeq: z.string().nullable(),
    lastSeq: z.string().nullable(),
    headSeq: z.string().nullable(),
    headHash: z.string().nullable(),
    firstBreak: auditChainBreakSchema.nullable(),
  })
  .meta({ id: 'AuditChainReport' });
export type AuditChainReport = z.infer<typeof auditChainReportSchema>;

export const auditVerifyReportSchema = z
  .object({ ok: z.boolean(), chains: z.array(auditChainReportSchema) })
  .meta({ id: 'AuditVerifyReport' });
export type AuditVerifyReport = z.infer<typeof auditVerifyReportSchema>;
