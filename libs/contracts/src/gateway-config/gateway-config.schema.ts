import { z } from 'zod';
import { envInt } from './env-scalars.js';
import { authSchema } from './auth.schema.js';
import { checkIdentityReferences } from './check-identity-references.js';
import { clientSchema } from './client.schema.js';
import { tenantSchema } from './tenant.schema.js';
import { toolPolicySchema } from './tool-policy.schema.js';
import { upstreamSchema } from './upstream.schema.js';

export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

export const serverIdentitySchema = z
  .object({
    name: z.string().min(1).default('gatehouse'),
    version: z.string().min(1).default('0.1.0'),
    instructions: z.string().optional(),
  })
  .strict();

export const listenSchema = z
  .object({
    host: z.string().min(1).default('127.0.0.1'),
    port: envInt(0, 65_535).default(8080),
    path: z
      .string()
      .regex(/^\/[A-Za-z0-9/_-]*$/)
      .default('/mcp'),
  })
  .strict();

export const securitySchema = z
  .object({
    allowedOrigins: z
      .array(z.string().min(1))
      .default([])
      .describe(
        'Origins (scheme://host[:port]) browsers may call from; requests without Origin are not affected',
      ),
    allowedHosts: z
      .array(z.string().min(1))
      .default([])
      .describe('Host header values accepted; empty = loopback names when bound to loopback'),
  })
  .strict();

export const limitsSchema = z
  .object({
    maxBodyBytes: envInt(1024, 256 * 1024 * 1024).default(DEFAULT_MAX_BODY_BYTES),
    maxBatchSize: envInt(1, 1000).default(50),
    shutdownGraceMs: envInt(0, 600_000).default(10_000),
  })
  .strict();

export const sessionsSchema = z
  .object({
    ttlSeconds: envInt(60, 30 * 24 * 3600).default(24 * 3600),
    secret: z
      .string()
      .min(32, 'must be at least 32 characters; nodes of one fleet share it')
      .optional()
      .describe(
        'Fleet key that seals session ids; random per process when absent (single node only)',
      ),
  })
  .strict();

/** Where nodes share rate-limit and budget counters; the URL usually comes from the node's env. */
export const redisSchema = z
  .object({
    url: z.string().min(1).optional(),
    keyPrefix: z.string().min(1).default('gatehouse:'),
  })
  .strict();

export const gatewayConfigSchema = z
  .object({
    schemaVersion: z.literal(1).default(1),
    server: serverIdentitySchema.default({ name: 'gatehouse', version: '0.1.0' }),
    listen: listenSchema.default({ host: '127.0.0.1', port: 8080, path: '/mcp' }),
    security: securitySchema.default({ allowedOrigins: [], allowedHosts: [] }),
    limits: limitsSchema.default({
      maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
      maxBatchSize: 50,
      shutdownGraceMs: 10_000,
    }),
    sessions: sessionsSchema.default({ ttlSeconds: 24 * 3600 }),
    upstreams: z.array(upstreamSchema).min(1, 'at least one upstream is needed'),
    auth: authSchema.default({ apiKeys: { enabled: true }, jwt: [] }),
    redis: redisSchema.default({ keyPrefix: 'gatehouse:' }),
    tenants: z.array(tenantSchema).default([]),
    clients: z.array(clientSchema).default([]),
    tools: z.array(toolPolicySchema).default([]),
  })
  .strict()
  .superRefine((config, ctx) => {
    checkIdentityReferences(config, ctx);
    const names = new Map<string, number>();
    const namespaces = new Map<string, number>();
    config.upstreams.forEach((upstream, index) => {
      const sameName = names.get(upstream.name);
      if (sameName !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['upstreams', index, 'name'],
          message: `duplicate upstream name "${upstream.name}" (also upstreams[${sameName}])`,
        });
      }
      names.set(upstream.name, index);
      const namespace = upstream.namespace ?? upstream.name;
      const sameNamespace = namespaces.get(namespace);
      if (sameNamespace !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['upstreams', index, 'namespace'],
          message:
            namespace === ''
              ? `only one upstream may have no prefix (also upstreams[${sameNamespace}])`
              : `namespace "${namespace}" collides with upstreams[${sameNamespace}]`,
        });
      }
      namespaces.set(namespace, index);
    });
    const tools = new Set<string>();
    config.tools.forEach((tool, index) => {
      const key = `${tool.upstream}\u0000${tool.name}`;
      if (!names.has(tool.upstream)) {
        ctx.addIssue({
          code: 'custom',
          path: ['tools', index, 'upstream'],
          message: `no upstream is named "${tool.upstream}"`,
        });
      }
      if (tools.has(key)) {
        ctx.addIssue({
          code: 'custom',
          path: ['tools', index, 'name'],
          message: `tool "${tool.name}" of "${tool.upstream}" is listed twice`,
        });
      }
      tools.add(key);
    });
  });

export type GatewayConfigInput = z.input<typeof gatewayConfigSchema>;
export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;
export type RedisConfig = z.infer<typeof redisSchema>;
