import { z } from 'zod';
import { envBoolean, envInt } from './env-scalars.js';

/** Upstream names are used in URIs and log labels: lower-case, digits and dashes. */
export const upstreamNameSchema = z
  .string()
  .regex(
    /^[a-z][a-z0-9-]{0,62}$/,
    'must be lower-case letters, digits or dashes, starting with a letter',
  );

/**
 * A namespace prefixes an upstream's tools and prompts as `<namespace>__<name>`.
 * It may not contain `__` itself, so a namespaced name splits unambiguously at its first `__`.
 * The empty string means "no prefix".
 */
export const namespaceSchema = z
  .string()
  .regex(
    /^(?:[a-z0-9]+(?:[-_][a-z0-9]+)*)?$/,
    'must be empty, or letters and digits joined by single "-" or "_"',
  );

export const stdioTransportSchema = z
  .object({
    type: z.literal('stdio'),
    command: z.string().min(1).describe('Executable to run, looked up on PATH'),
    args: z.array(z.string()).default([]),
    env: z
      .record(z.string(), z.string())
      .default({})
      .describe('Added to the node process environment'),
    cwd: z.string().optional(),
    restart: z
      .object({
        initialDelayMs: envInt(10, 60_000).default(250),
        maxDelayMs: envInt(10, 600_000).default(30_000),
      })
      .strict()
      .default({ initialDelayMs: 250, maxDelayMs: 30_000 }),
    stderrMaxBytes: envInt(1024, 16 * 1024 * 1024).default(64 * 1024),
    processScope: z
      .enum(['node', 'tenant', 'session'])
      .default('node')
      .describe(
        'One child per gateway node; one per tenant on each node; or one per client session (for servers that send sampling, elicitation or roots requests to concurrent clients)',
      ),
    maxProcesses: envInt(1, 10_000)
      .default(64)
      .describe('With processScope session or tenant: children alive at once on a node'),
    idleTimeoutMs: envInt(1_000, 86_400_000)
      .default(300_000)
      .describe('With processScope session: an idle child is stopped after this'),
  })
  .strict();

export const streamableHttpTransportSchema = z
  .object({
    type: z.literal('streamable-http'),
    url: z.url({ protocol: /^https?$/ }),
    headers: z.record(z.string(), z.string()).default({}),
  })
  .strict();

export const upstreamTransportSchema = z.discriminatedUnion('type', [
  stdioTransportSchema,
  streamableHttpTransportSchema,
]);

export const upstreamSchema = z
  .object({
    name: upstreamNameSchema,
    description: z.string().optional(),
    namespace: namespaceSchema
      .optional()
      .describe('Defaults to the upstream name; "" for no prefix'),
    enabled: envBoolean().default(true),
    /** The tenant that owns it: only its clients see it. Absent = shared by every tenant. */
    tenant: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,62}$/)
      .optional(),
    transport: upstreamTransportSchema,
    timeoutMs: envInt(100, 3_600_000).default(60_000),
    toolCatalog: z
      .enum(['open', 'closed'])
      .default('open')
      .describe(
        'open: tools the config does not name are served as the upstream lists them; closed: only tools named in `tools` and enabled are served (what a control plane sets once it catalogued the upstream)',
      ),
  })
  .strict();

export type StdioTransportConfig = z.infer<typeof stdioTransportSchema>;
export type StreamableHttpTransportConfig = z.infer<typeof streamableHttpTransportSchema>;
export type UpstreamTransportConfig = z.infer<typeof upstreamTransportSchema>;
export type UpstreamConfig = z.infer<typeof upstreamSchema>;
