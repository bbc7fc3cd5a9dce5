import { z } from 'zod';
import {
  namespaceSchema,
  stdioTransportSchema,
  streamableHttpTransportSchema,
  upstreamNameSchema,
} from '../gateway-config/upstream.schema.js';
import {
  isoDateTimeSchema,
  pageQuerySchema,
  pageSchemaOf,
  resourceIdSchema,
} from './common.schema.js';
import { descriptionSchema } from './description.schema.js';

// The admin API accepts what the gateway config accepts for these fields (the same schema
// pieces), with the narrower names HTTP and process environments allow: what an admin
// stores here must load on every node.
const headerNameSchema = z
  .string()
  .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'must be an HTTP header name');
const envNameSchema = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name');

const MAX_ENTRIES = 100;

export const upstreamHttpTransportSchema = z.strictObject({
  type: z.literal('streamable-http'),
  url: streamableHttpTransportSchema.shape.url.describe('The MCP endpoint (http or https)'),
  headers: z
    .record(headerNameSchema, z.string().max(8192, 'must be at most 8192 characters'))
    .refine((headers) => Object.keys(headers).length <= MAX_ENTRIES, {
      message: `must have at most ${MAX_ENTRIES} entries`,
    })
    .default({})
    .describe(
      'Sent with every request to the upstream. Readable by every admin API role and kept in the config history: no secret values',
    ),
});

export const upstreamStdioTransportSchema = z.strictObject({
  type: z.literal('stdio'),
  command: stdioTransportSchema.shape.command,
  args: z.array(z.string().max(4096)).max(MAX_ENTRIES).default([]),
  env: z
    .record(envNameSchema, z.string().max(8192, 'must be at most 8192 characters'))
    .refine((env) => Object.keys(env).length <= MAX_ENTRIES, {
      message: `must have at most ${MAX_ENTRIES} entries`,
    })
    .default({})
    .describe(
      "Added to the process's environment. Readable by every admin API role and kept in the config history: no secret values",
    ),
});

export const upstreamTransportBodySchema = z.discriminatedUnion('type', [
  upstreamHttpTransportSchema,
  upstreamStdioTransportSchema,
]);
export type UpstreamTransportBody = z.infer<typeof upstreamTransportBodySchema>;

export const MIN_UPSTREAM_TIMEOUT_MS = 100;
export const MAX_UPSTREAM_TIMEOUT_MS = 3_600_000;
export const DEFAULT_UPSTREAM_TIMEOUT_MS = 60_000;

const timeoutMsSchema = z
  .int('must be an integer')
  .min(MIN_UPSTREAM_TIMEOUT_MS, `must be at least ${MIN_UPSTREAM_TIMEOUT_MS}`)
  .max(MAX_UPSTREAM_TIMEOUT_MS, `must be at most ${MAX_UPSTREAM_TIMEOUT_MS}`)
  .describe('Deadline for one call to the upstream, and for introspecting it');

const upstreamNamespaceSchema = namespaceSchema.describe(
  'Prefix of its tools for clients (`<namespace>__<tool>`): null = the name, "" = no prefix',
);

export const upstreamResourceSchema = z
  .object({
    id: resourceIdSchema,
    tenantId: resourceIdSchema.nullable().describe('null: shared by every tenant'),
    name: upstreamNameSchema,
    description: z.string().nullable(),
    namespace: z.string().nullable(),
    enabled: z.boolean(),
    timeoutMs: z.int(),
    transport: z.discriminatedUnion('type', [
      z.object({
        type: z.literal('streamable-http'),
        url: z.string(),
        headers: z.record(z.string(), z.string()),
      }),
      z.object({
        type: z.literal('stdio'),
        command: z.string(),
        args: z.array(z.string()),
        env: z.record(z.string(), z.string()),
      }),
    ]),
    introspectedAt: isoDateTimeSchema
      .nullable()
      .describe('When its tools/list was last read successfully'),
    introspectionError: z
      .string()
      .nullable()
      .describe('Why the last introspection failed; null after a good one'),
    createdAt: isoDateTimeSchema,
    updatedAt: isoDateTimeSchema,
  })
  .meta({ id: 'Upstream' });
export type UpstreamResource = z.infer<typeof upstreamResourceSchema>;

export const createUpstreamBodySchema = z
  .strictObject({
    tenantId: resourceIdSchema
      .nullable()
      .default(null)
      .describe('The owning tenant; null (default) for an upstream every tenant shares'),
    name: upstreamNameSchema.describe(
      'Unique among the upstreams one tenant sees (its own and the shared ones); immutable',
    ),
    description: descriptionSchema.nullable().default(null),
    namespace: upstreamNamespaceSchema.nullable().default(null),
    enabled: z.boolean().default(true),
    timeoutMs: timeoutMsSchema.default(DEFAULT_UPSTREAM_TIMEOUT_MS),
    transport: upstreamTransportBodySchema,
  })
  .meta({ id: 'CreateUpstream' });
export type CreateUpstreamBody = z.infer<typeof createUpstreamBodySchema>;

// Name and owner are left out on purpose: tools, snapshots and audit events refer to them.
export const updateUpstreamBodySchema = z
  .strictObject({
    description: descriptionSchema.nullable().optional(),
    namespace: upstreamNamespaceSchema.nullable().optional(),
    enabled: z.boolean().optional(),
    timeoutMs: timeoutMsSchema.optional(),
    transport: upstreamTransportBodySchema.optional().describe('Replaces the transport as a whole'),
  })
  .refine((body) => Object.keys(body).length > 0, {
    message: 'give at least one field to change',
    when: (payload) => payload.issues.length === 0,
  })
  .meta({ id: 'UpdateUpstream' });
export type UpdateUpstreamBody = z.infer<typeof updateUpstreamBodySchema>;

export const upstreamIdParamsSchema = z.strictObject({ id: resourceIdSchema });

export const listUpstreamsQuerySchema = z
  .strictObject({
    ...pageQuerySchema.shape,
    tenantId: resourceIdSchema.optional().describe("Only this tenant's own upstreams"),
    shared: z
      .enum(['true', 'false'], { message: 'must be true or false' })
      .transform((value) => value === 'true')
      .optional()
      .describe('true: only shared upstreams; false: only tenant-owned ones'),
  })
  .refine((query) => query.tenantId === undefined || query.shared !== true, {
    message: 'a tenant filter and shared=true exclude each other',
    path: ['shared'],
  });
export type ListUpstreamsQuery = z.infer<typeof listUpstreamsQuerySchema>;

export const upstreamPageSchema = pageSchemaOf(upstreamResourceSchema).meta({
  id: 'UpstreamPage',
});
export type UpstreamPage = z.infer<typeof upstreamPageSchema>;
