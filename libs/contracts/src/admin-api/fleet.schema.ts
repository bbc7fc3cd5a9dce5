import { z } from 'zod';
import { authSchema } from '../gateway-config/auth.schema.js';
import {
  idParamsSchema,
  isoDateTimeSchema,
  pageQuerySchema,
  pageSchemaOf,
  resourceIdSchema,
} from './common.schema.js';

/** A slug, like tenant names: it shows in logs, dashboards and node configuration. */
export const fleetNameSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(63, 'must be at most 63 characters')
  .regex(
    /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/,
    'must be lowercase letters, digits and inner hyphens (e.g. "eu-prod")',
  )
  .describe('Unique slug');

const fleetDescriptionSchema = z
  .string()
  .trim()
  .max(1000, 'must be at most 1000 characters')
  .nullable()
  .describe('Free text for people');

const fleetTenantIdsSchema = z
  .array(resourceIdSchema)
  .max(10_000, 'must list at most 10000 tenants')
  .refine((ids) => new Set(ids).size === ids.length, 'must not list a tenant twice')
  .describe(
    'The tenants this fleet serves: their upstreams (and the shared ones) go into its snapshot',
  );

const fleetAuthSchema = authSchema
  .nullable()
  .describe(
    "How the fleet's nodes authenticate clients besides API keys: OAuth issuers (JWT, JWKS), the resource URI; null = API keys only",
  );

export const fleetResourceSchema = z
  .object({
    id: resourceIdSchema.describe('What gateway nodes are configured with (`--fleet`)'),
    name: fleetNameSchema,
    description: z.string().nullable(),
    tenantIds: z.array(resourceIdSchema).describe('Sorted'),
    auth: fleetAuthSchema,
    snapshotVersion: z
      .int()
      .positive()
      .nullable()
      .describe('The newest signed snapshot version; null until one was built'),
    lastBuildAt: isoDateTimeSchema
      .nullable()
      .describe('When the snapshot compiler last ran, whether or not it made a new version'),
    lastBuildError: z
      .string()
      .nullable()
      .describe(
        'Why the last build failed (nodes keep the previous snapshot); null after a good build',
      ),
    createdAt: isoDateTimeSchema,
    updatedAt: isoDateTimeSchema,
  })
  .meta({ id: 'Fleet' });
export type FleetResource = z.infer<typeof fleetResourceSchema>;

export const createFleetBodySchema = z
  .strictObject({
    name: fleetNameSchema,
    description: fleetDescriptionSchema.default(null),
    tenantIds: fleetTenantIdsSchema.default([]),
    auth: fleetAuthSchema.default(null),
  })
  .meta({ id: 'CreateFleet' });
export type CreateFleetBody = z.infer<typeof createFleetBodySchema>;

export const updateFleetBodySchema = z
  .strictObject({
    name: fleetNameSchema.optional(),
    description: fleetDescriptionSchema.optional(),
    tenantIds: fleetTenantIdsSchema
      .optional()
      .describe('Replaces the whole set: the tenants this fleet serves from now on'),
    auth: fleetAuthSchema.optional(),
  })
  .refine((body) => Object.keys(body).length > 0, {
    message: 'give at least one field to change',
    when: (payload) => payload.issues.length === 0,
  })
  .meta({ id: 'UpdateFleet' });
export type UpdateFleetBody = z.infer<typeof updateFleetBodySchema>;

export const fleetIdParamsSchema = idParamsSchema;

export const listFleetsQuerySchema = pageQuerySchema;
export type ListFleetsQuery = z.infer<typeof listFleetsQuerySchema>;

export const fleetPageSchema = pageSchemaOf(fleetResourceSchema).meta({ id: 'FleetPage' });
export type FleetPage = z.infer<typeof fleetPageSchema>;
