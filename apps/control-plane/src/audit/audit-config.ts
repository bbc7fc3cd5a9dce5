import { join } from 'node:path';
import { homedir } from 'node:os';
import { z } from 'zod';

/**
 * The audit module's settings, read once at boot from the environment (beside the app's
 * own config, so that the audit trail's knobs live with it). A bad value stops the boot.
 */
export interface AuditConfig {
  /** Consumer group of the control planes on the audit stream. */
  readonly consumerGroup: string;
  /** Entries pending this long on a consumer that went away are claimed by another. */
  readonly claimIdleMs: number;
  /** Entries read per XREADGROUP. */
  readonly batchSize: number;
  /** Where export files are written (one file + manifest per export). */
  readonly exportDir: string;
  /** Days events are kept when a tenant has no retention of its own (0 = forever). */
  readonly retentionDays: number;
  /** Per-tenant retention in days: `tenantA=30,tenantB=365`. */
  readonly tenantRetentionDays: ReadonlyMap<string, number>;
}

export const AUDIT_CONFIG = Symbol('AuditConfig');

const stateHome = process.env['XDG_STATE_HOME'] ?? join(homedir(), '.local', 'state');

const envSchema = z.object({
  AUDIT_CONSUMER_GROUP: z.string().min(1).max(100).default('audit-ingest'),
  AUDIT_CLAIM_IDLE_MS: z.coerce.number().int().min(100).default(30_000),
  AUDIT_BATCH_SIZE: z.coerce.number().int().min(1).max(5_000).default(500),
  AUDIT_EXPORT_DIR: z
    .string()
    .min(1)
    .default(join(stateHome, 'gatehouse', 'audit-exports')),
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(0).default(0),
  AUDIT_TENANT_RETENTION_DAYS: z
    .string()
    .regex(/^([^=,\s]+=\d+)(,[^=,\s]+=\d+)*$/, 'must look like tenantA=30,tenantB=365')
    .optional(),
});

export function loadAuditConfig(env: NodeJS.ProcessEnv = process.env): AuditConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid audit configuration:\n${lines.join('\n')}`);
  }
  const value = parsed.data;
  const tenantRetentionDays = new Map<string, number>();
  for (const pair of value.AUDIT_TENANT_RETENTION_DAYS?.split(',') ?? []) {
    const [tenant = '', days = '0'] = pair.split('=');
    tenantRetentionDays.set(tenant, Number(days));
  }
  return {
    consumerGroup: value.AUDIT_CONSUMER_GROUP,
    claimIdleMs: value.AUDIT_CLAIM_IDLE_MS,
    batchSize: value.AUDIT_BATCH_SIZE,
    exportDir: value.AUDIT_EXPORT_DIR,
    retentionDays: value.AUDIT_RETENTION_DAYS,
    tenantRetentionDays,
  };
}
