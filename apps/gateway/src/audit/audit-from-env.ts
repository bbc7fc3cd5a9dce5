import { hostname } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { z } from 'zod';
import { AuditEmitter } from './audit-emitter.js';
import { RedisStreamAuditSink } from './redis-stream-audit-sink.js';

const envSchema = z.object({
  GATEHOUSE_AUDIT_REDIS_URL: z.string().url().optional(),
  GATEHOUSE_AUDIT_REDIS_PREFIX: z.string().default('gatehouse:'),
  GATEHOUSE_AUDIT_SPOOL_DIR: z.string().min(1).optional(),
  GATEHOUSE_AUDIT_SPOOL_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(256 * 1024 * 1024),
  GATEHOUSE_AUDIT_SPOOL_FULL_POLICY: z.enum(['refuse', 'drop']).default('refuse'),
  GATEHOUSE_AUDIT_STREAM_MAXLEN: z.coerce.number().int().min(1_000).default(1_000_000),
});

export interface NodeAudit {
  readonly emitter: AuditEmitter;
  readonly sink: RedisStreamAuditSink;
}

/**
 * The node's audit trail from its environment: on when GATEHOUSE_AUDIT_REDIS_URL names the
 * Redis whose stream the control plane consumes (same prefix as the control plane's
 * REDIS_PREFIX); undefined otherwise (a DB-less node without Redis keeps no audit trail yet).
 */
export async function startAuditFromEnv(
  options: { nodeId?: string; stateDir: string; logger: Logger },
  env: NodeJS.ProcessEnv = process.env,
): Promise<NodeAudit | undefined> {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success)
    throw new Error(
      `invalid audit settings: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`,
    );
  const settings = parsed.data;
  if (settings.GATEHOUSE_AUDIT_REDIS_URL === undefined) return undefined;
  const nodeId = options.nodeId ?? `${hostname()}-${process.pid}`;
  const sink = await RedisStreamAuditSink.start({
    redisUrl: settings.GATEHOUSE_AUDIT_REDIS_URL,
    prefix: settings.GATEHOUSE_AUDIT_REDIS_PREFIX,
    spoolDir: settings.GATEHOUSE_AUDIT_SPOOL_DIR ?? join(options.stateDir, 'audit-spool'),
    spoolMaxBytes: settings.GATEHOUSE_AUDIT_SPOOL_MAX_BYTES,
    fullPolicy: settings.GATEHOUSE_AUDIT_SPOOL_FULL_POLICY,
    streamMaxLen: settings.GATEHOUSE_AUDIT_STREAM_MAXLEN,
    logger: options.logger,
  });
  return { emitter: new AuditEmitter(sink, nodeId), sink };
}
