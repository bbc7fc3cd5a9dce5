import { z } from 'zod';
import { rateLimitSchema } from './rate-limit.schema.js';
import { tenantIdSchema } from './tenant.schema.js';
import { toolAccessSchema } from './tool-access.schema.js';

/**
 * A Gatehouse API key as the gateway knows it: never the key, only its SHA-256 (hex). The
 * gateway hashes the presented key and looks the hash up; expiry is checked per request.
 */
export const apiKeySchema = z
  .object({
    id: z.string().min(1),
    sha256: z.string().regex(/^[0-9a-f]{64}$/, 'must be the SHA-256 of the key, in hex'),
    expiresAt: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();

/** A program that calls tools (agent host, IDE, service), with its scopes and credentials. */
export const clientSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/),
    tenant: tenantIdSchema,
    name: z.string().min(1),
    enabled: z.boolean().default(true),
    scopes: z.array(z.string().min(1)).default([]),
    apiKeys: z.array(apiKeySchema).default([]),
    rateLimit: rateLimitSchema.optional(),
    toolAccess: toolAccessSchema.optional(),
  })
  .strict();

export type ApiKeyConfig = z.infer<typeof apiKeySchema>;
export type ClientConfig = z.infer<typeof clientSchema>;
