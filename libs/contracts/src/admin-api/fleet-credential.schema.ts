import { z } from 'zod';
import {
  isoDateTimeSchema,
  pageQuerySchema,
  pageSchemaOf,
  resourceIdSchema,
} from './common.schema.js';

export const fleetCredentialResourceSchema = z
  .object({
    id: resourceIdSchema,
    fleetId: resourceIdSchema,
    label: z.string().nullable(),
    keyPrefix: z
      .string()
      .describe('The first characters of the credential (not secret), to tell credentials apart'),
    createdAt: isoDateTimeSchema,
    expiresAt: isoDateTimeSchema.nullable(),
    revokedAt: isoDateTimeSchema.nullable(),
    lastUsedAt: isoDateTimeSchema
      .nullable()
      .describe('Last time a node authenticated with it (to the minute)'),
  })
  .meta({ id: 'FleetCredential' });
export type FleetCredentialResource = z.infer<typeof fleetCredentialResourceSchema>;

export const createFleetCredentialBodySchema = z
  .strictObject({
    label: z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(200, 'must be at most 200 characters')
      .optional()
      .describe('e.g. the deployment that mounts it'),
    expiresInDays: z
      .int('must be a whole number of days')
      .min(1, 'must be at least 1')
      .max(3650, 'must be at most 3650')
      .optional()
      .describe('Omit for a credential that does not expire'),
  })
  .meta({ id: 'CreateFleetCredential' });
export type CreateFleetCredentialBody = z.infer<typeof createFleetCredentialBodySchema>;

export const createdFleetCredentialSchema = z
  .object({
    credential: fleetCredentialResourceSchema,
    secret: z
      .string()
      .describe(
        'The node credential (gh_node_...). Shown once: only its hash is kept. Nodes send it as `Authorization: Bearer ...`',
      ),
  })
  .meta({ id: 'CreatedFleetCredential' });
export type CreatedFleetCredential = z.infer<typeof createdFleetCredentialSchema>;

export const fleetCredentialParamsSchema = z.strictObject({
  id: resourceIdSchema.describe('The fleet'),
  credentialId: resourceIdSchema,
});
export type FleetCredentialParams = z.infer<typeof fleetCredentialParamsSchema>;

export const listFleetCredentialsQuerySchema = pageQuerySchema;
export type ListFleetCredentialsQuery = z.infer<typeof listFleetCredentialsQuerySchema>;

export const fleetCredentialPageSchema = pageSchemaOf(fleetCredentialResourceSchema).meta({
  id: 'FleetCredentialPage',
});
export type FleetCredentialPage = z.infer<typeof fleetCredentialPageSchema>;
