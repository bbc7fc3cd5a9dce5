import { z } from 'zod';
import {
  isoDateTimeSchema,
  pageQuerySchema,
  pageSchemaOf,
  resourceIdSchema,
} from './common.schema.js';
import { descriptionSchema } from './description.schema.js';
import { rateLimitSettingSchema, toolAccessSettingSchema } from './enforcement-settings.schema.js';

const clientRateLimitSchema = rateLimitSettingSchema
  .nullable()
  .describe("The client's own rate limit; null = the tenant's client rate limit applies");
const clientToolAccessSchema = toolAccessSettingSchema
  .nullable()
  .describe('Tools this client may (allow) or may never (block) call, on top of its scopes');

/** A slug: it appears in audit events and logs next to the tenant's name. */
export const clientNameSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(63, 'must be at most 63 characters')
  .regex(
    /^[a-z0-9]([a-z0-9._-]*[a-z0-9])?$/,
    'must be lowercase letters, digits and inner ".", "_" or "-" (e.g. "claude-desktop")',
  )
  .describe('Unique within the tenant, immutable once created');

export const clientResourceSchema = z
  .object({
    id: resourceIdSchema,
    tenantId: resourceIdSchema,
    name: clientNameSchema,
    description: z.string().nullable(),
    enabled: z.boolean().describe('A disabled client keeps its keys; gateways refuse its calls'),
    rateLimit: clientRateLimitSchema,
    toolAccess: clientToolAccessSchema,
    createdAt: isoDateTimeSchema,
    updatedAt: isoDateTimeSchema,
  })
  .meta({ id: 'Client' });
export type ClientResource = z.infer<typeof clientResourceSchema>;

export const createClientBodySchema = z
  .strictObject({
    name: clientNameSchema,
    description: descriptionSchema.nullable().default(null),
    enabled: z.boolean().default(true),
    rateLimit: clientRateLimitSchema.default(null),
    toolAccess: clientToolAccessSchema.default(null),
  })
  .meta({ id: 'CreateClient' });
export type CreateClientBody = z.infer<typeof createClientBodySchema>;

// The name is left out on purpose: audit events refer to clients by it.
export const updateClientBodySchema = z
  .strictObject({
    description: descriptionSchema.nullable().optional(),
    enabled: z.boolean().optional(),
    rateLimit: clientRateLimitSchema.optional(),
    toolAccess: clientToolAccessSchema.optional(),
  })
  .refine((body) => Object.keys(body).length > 0, {
    message: 'give at least one field to change',
    when: (payload) => payload.issues.length === 0,
  })
  .meta({ id: 'UpdateClient' });
export type UpdateClientBody = z.infer<typeof updateClientBodySchema>;

export const tenantClientsParamsSchema = z.strictObject({ tenantId: resourceIdSchema });
export type TenantClientsParams = z.infer<typeof tenantClientsParamsSchema>;

export const tenantClientParamsSchema = z.strictObject({
  tenantId: resourceIdSchema,
  clientId: resourceIdSchema,
});
export type TenantClientParams = z.infer<typeof tenantClientParamsSchema>;

export const listClientsQuerySchema = pageQuerySchema;
export type ListClientsQuery = z.infer<typeof listClientsQuerySchema>;

export const clientPageSchema = pageSchemaOf(clientResourceSchema).meta({ id: 'ClientPage' });
export type ClientPage = z.infer<typeof clientPageSchema>;
