import { z } from 'zod';
import {
  isoDateTimeSchema,
  pageQuerySchema,
  pageSchemaOf,
  resourceIdSchema,
} from './common.schema.js';
import { descriptionSchema } from './description.schema.js';

/** Dotted lowercase words, as OAuth scopes are usually written: `calendar.read`, `k8s.apply`. */
export const scopeNameSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(100, 'must be at most 100 characters')
  .regex(
    /^[a-z0-9][a-z0-9_-]*(?:[.:][a-z0-9][a-z0-9_-]*)*$/,
    'must be lowercase words of letters, digits, "_" or "-" joined by "." or ":" (e.g. "calendar.read")',
  )
  .describe('Unique, immutable once created');

export const scopeResourceSchema = z
  .object({
    id: resourceIdSchema,
    name: scopeNameSchema,
    description: z.string().nullable(),
    createdAt: isoDateTimeSchema,
    updatedAt: isoDateTimeSchema,
  })
  .meta({ id: 'Scope' });
export type ScopeResource = z.infer<typeof scopeResourceSchema>;

export const createScopeBodySchema = z
  .strictObject({
    name: scopeNameSchema,
    description: descriptionSchema.nullable().default(null),
  })
  .meta({ id: 'CreateScope' });
export type CreateScopeBody = z.infer<typeof createScopeBodySchema>;

// The name is left out on purpose: snapshots, tokens and tool requirements refer to it.
export const updateScopeBodySchema = z
  .strictObject({ description: descriptionSchema.nullable() })
  .meta({ id: 'UpdateScope' });
export type UpdateScopeBody = z.infer<typeof updateScopeBodySchema>;

export const listScopesQuerySchema = pageQuerySchema;
export type ListScopesQuery = z.infer<typeof listScopesQuerySchema>;

export const scopePageSchema = pageSchemaOf(scopeResourceSchema).meta({ id: 'ScopePage' });
export type ScopePage = z.infer<typeof scopePageSchema>;

/** A scope granted to a client. */
export const clientScopeGrantSchema = z
  .object({
    clientId: resourceIdSchema,
    scopeId: resourceIdSchema,
    scope: scopeNameSchema,
    grantedAt: isoDateTimeSchema,
    grantedBy: z.string().nullable().describe('Who granted it (`<actor type>:<id>`)'),
  })
  .meta({ id: 'ClientScopeGrant' });
export type ClientScopeGrant = z.infer<typeof clientScopeGrantSchema>;

export const clientScopesParamsSchema = z.strictObject({ id: resourceIdSchema });
export type ClientScopesParams = z.infer<typeof clientScopesParamsSchema>;

export const clientScopeParamsSchema = z.strictObject({
  id: resourceIdSchema,
  scope: scopeNameSchema,
});
export type ClientScopeParams = z.infer<typeof clientScopeParamsSchema>;

export const listClientScopesQuerySchema = pageQuerySchema;
export type ListClientScopesQuery = z.infer<typeof listClientScopesQuerySchema>;

export const clientScopeGrantPageSchema = pageSchemaOf(clientScopeGrantSchema).meta({
  id: 'ClientScopeGrantPage',
});
export type ClientScopeGrantPage = z.infer<typeof clientScopeGrantPageSchema>;
