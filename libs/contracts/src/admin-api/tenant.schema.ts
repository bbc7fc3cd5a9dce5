import { z } from 'zod';
import {
  idParamsSchema,
  isoDateTimeSchema,
  pageQuerySchema,
  pageSchemaOf,
  resourceIdSchema,
} from './common.schema.js';

/** A slug: it appears in snapshots, URLs and logs, so it is kept short and plain. */
export const tenantNameSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(63, 'must be at most 63 characters')
  .regex(
    /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/,
    'must be lowercase letters, digits and inner hyphens (e.g. "acme-prod")',
  )
  .describe('Unique slug, immutable once created');

const displayNameSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(200, 'must be at most 200 characters')
  .describe('Human-readable name');

export const tenantResourceSchema = z
  .object({
    id: resourceIdSchema,
    name: tenantNameSchema,
    displayName: z.string(),
    enabled: z
      .boolean()
      .describe('A disabled tenant keeps its configuration; gateways refuse its calls'),
    createdAt: isoDateTimeSchema,
    updatedAt: isoDateTimeSchema,
  })
  .meta({ id: 'Tenant' });
export type TenantResource = z.infer<typeof tenantResourceSchema>;

export const createTenantBodySchema = z
  .strictObject({
    name: tenantNameSchema,
    displayName: displayNameSchema,
    enabled: z.boolean().default(true),
  })
  .meta({ id: 'CreateTenant' });
export type CreateTenantBody = z.infer<typeof createTenantBodySchema>;

// The name is left out on purpose: snapshots and audit events refer to tenants by it.
export const updateTenantBodySchema = z
  .strictObject({
    displayName: displayNameSchema.optional(),
    enabled: z.boolean().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, {
    message: 'give at least one field to change',
    // Only when every key was known: `{ name: 'x' }` is "name is not a known field", not also "empty".
    when: (payload) => payload.issues.length === 0,
  })
  .meta({ id: 'UpdateTenant' });
export type UpdateTenantBody = z.infer<typeof updateTenantBodySchema>;

export const tenantIdParamsSchema = idParamsSchema;

export const listTenantsQuerySchema = pageQuerySchema;
export type ListTenantsQuery = z.infer<typeof listTenantsQuerySchema>;

export const tenantPageSchema = pageSchemaOf(tenantResourceSchema).meta({ id: 'TenantPage' });
export type TenantPage = z.infer<typeof tenantPageSchema>;
