import { z } from 'zod';
import { envBoolean } from './env-scalars.js';
import { upstreamNameSchema } from './upstream.schema.js';

export const toolTierSchema = z.enum(['read_only', 'write_safe', 'dangerous']);

/**
 * What the catalog says about one upstream tool. Tools the config does not name are served as
 * the upstream lists them; a named tool can be disabled (hidden and refused), given a tier and
 * the scopes a client needs to call it (enforced with authentication, in a later issue).
 */
export const toolPolicySchema = z
  .object({
    upstream: upstreamNameSchema,
    name: z.string().min(1),
    enabled: envBoolean().default(true),
    tier: toolTierSchema.optional(),
    requiredScopes: z.array(z.string().min(1)).default([]),
    /** SHA-256 of the input schema the catalog approved (versions; canaries come later). */
    schemaHash: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .optional(),
  })
  .strict();

export type ToolTier = z.infer<typeof toolTierSchema>;
export type ToolPolicy = z.infer<typeof toolPolicySchema>;
