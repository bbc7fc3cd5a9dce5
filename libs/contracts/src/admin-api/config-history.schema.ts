import { z } from 'zod';
import { isoDateTimeSchema, pageQuerySchema, pageSchemaOf } from './common.schema.js';

export const configActionSchema = z.enum(['create', 'update', 'delete']);
export type ConfigAction = z.infer<typeof configActionSchema>;

/** Who made a change: an admin API token (later also SSO users), or the system itself. */
export const configActorSchema = z.object({
  type: z.enum(['admin_token', 'user', 'system']),
  id: z.string().describe('The admin token id, the user subject, or the system component'),
  name: z.string().nullable().describe('The token or user name when known'),
});
export type ConfigActor = z.infer<typeof configActorSchema>;

/** Entity kinds are open-ended (each domain module adds its own), but always snake_case. */
export const configEntityTypeSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,62}$/, 'must be a snake_case entity type such as "tenant"')
  .describe('e.g. `tenant`, `client`, `upstream`, `tool`, `admin_token`');

export const configChangeSchema = z
  .object({
    id: z.string().describe('Increasing with time'),
    occurredAt: isoDateTimeSchema,
    actor: configActorSchema,
    tenantId: z.string().nullable(),
    entityType: z.string(),
    entityId: z.string(),
    action: configActionSchema,
    before: z
      .unknown()
      .nullable()
      .describe('The entity as the API showed it before; null on create'),
    after: z.unknown().nullable().describe('The entity as the API shows it after; null on delete'),
    requestId: z.string().nullable(),
  })
  .meta({ id: 'ConfigChange' });
export type ConfigChange = z.infer<typeof configChangeSchema>;

export const listConfigHistoryQuerySchema = z
  .strictObject({
    ...pageQuerySchema.shape,
    entityType: configEntityTypeSchema.optional(),
    entityId: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe('Only changes of this entity (with entityType)'),
    tenantId: z.uuid().optional().describe("Only changes of this tenant's configuration"),
  })
  .refine((query) => query.entityId === undefined || query.entityType !== undefined, {
    message: 'entityId needs entityType too',
    path: ['entityType'],
  });
export type ListConfigHistoryQuery = z.infer<typeof listConfigHistoryQuerySchema>;

export const configChangePageSchema = pageSchemaOf(configChangeSchema).meta({
  id: 'ConfigChangePage',
});
export type ConfigChangePage = z.infer<typeof configChangePageSchema>;
