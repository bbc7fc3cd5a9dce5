import { z } from 'zod';

/**
 * The audit event as a gateway node or the control plane emits it, version 1. Both sides
 * validate with this schema: the node before it leaves (Redis stream or spool file), the
 * control plane before it is stored. A later version adds a literal to `v` and a branch;
 * stored events keep the version they were written with.
 */
export const AUDIT_EVENT_VERSION = 1;

export const auditEventKindSchema = z.enum([
  'tool_call',
  'refusal',
  'admin_change',
  'node',
  'login',
]);
export type AuditEventKind = z.infer<typeof auditEventKindSchema>;

/** How a call ended: `ok`, an `error` (upstream or gateway), or refused before it ran. */
export const auditStatusSchema = z.enum(['ok', 'error', 'refused', 'rate_limited']);
export type AuditStatus = z.infer<typeof auditStatusSchema>;

/**
 * One argument, summarised: its key path, JSON type and size in bytes. Values are never
 * kept (an opt-in per tool to keep raw arguments is a later addition); a key whose value
 * looked like a secret says so, without the value.
 */
export const argumentSummarySchema = z.object({
  path: z.string().max(512),
  type: z.enum(['string', 'number', 'boolean', 'null', 'array', 'object']),
  bytes: z.number().int().nonnegative(),
  redacted: z.boolean().optional(),
});
export type ArgumentSummary = z.infer<typeof argumentSummarySchema>;

export const auditActorSchema = z.object({
  tenantId: z.string().max(200).nullable(),
  clientId: z.string().max(200).nullable(),
  userId: z.string().max(200).nullable(),
  /** The gateway node (or control-plane instance) that saw it. */
  nodeId: z.string().max(200),
});
export type AuditActor = z.infer<typeof auditActorSchema>;

export const auditToolSchema = z.object({
  name: z.string().max(300),
  version: z.string().max(200).nullable(),
  upstream: z.string().max(200).nullable(),
  arguments: z.array(argumentSummarySchema).max(256),
  /** Total size of the arguments in bytes, including any left out of `arguments`. */
  argumentsBytes: z.number().int().nonnegative(),
});
export type AuditTool = z.infer<typeof auditToolSchema>;

export const auditResultSchema = z.object({
  status: auditStatusSchema,
  /** A JSON-RPC or gateway error code, or the rule id that refused. */
  errorCode: z.string().max(200).nullable(),
  latencyMs: z.number().nonnegative(),
});
export type AuditResult = z.infer<typeof auditResultSchema>;

export const auditSideEffectsSchema = z.object({
  resourceIds: z.array(z.string().max(300)).max(64).default([]),
  planId: z.string().max(200).nullable().default(null),
  idempotencyKey: z.string().max(300).nullable().default(null),
});
export type AuditSideEffects = z.infer<typeof auditSideEffectsSchema>;

const uuidV7Pattern = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export const auditEventSchema = z
  .object({
    v: z.literal(AUDIT_EVENT_VERSION),
    /** UUIDv7 made where the event happened: ingest is idempotent on it. */
    eventId: z.string().regex(uuidV7Pattern, 'must be a lowercase UUIDv7'),
    kind: auditEventKindSchema,
    occurredAt: z.iso.datetime(),
    actor: auditActorSchema,
    /** `tools/call` for calls and refusals, e.g. `tenant.update`, `node.start`, `login` otherwise. */
    action: z.string().max(200),
    tool: auditToolSchema.nullable(),
    result: auditResultSchema,
    sideEffects: auditSideEffectsSchema,
    /** W3C trace id (32 hex) when the request was traced. */
    traceId: z
      .string()
      .regex(/^[0-9a-f]{32}$/)
      .nullable(),
    requestId: z.string().max(200).nullable(),
    /** Kind-specific facts (admin change: entity type and id; node: state), never secrets. */
    details: z.record(z.string(), z.unknown()).nullable(),
  })
  .meta({ id: 'AuditEvent' });
export type AuditEvent = z.infer<typeof auditEventSchema>;
