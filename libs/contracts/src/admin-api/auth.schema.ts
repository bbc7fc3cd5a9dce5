import { z } from 'zod';
import { adminRoleSchema } from './admin-role.schema.js';
import { isoDateTimeSchema, resourceIdSchema } from './common.schema.js';

/** The admin API token a request authenticated with (never the token itself). */
export const adminIdentitySchema = z
  .object({
    tokenId: resourceIdSchema,
    name: z.string(),
    role: adminRoleSchema,
    tokenPrefix: z.string().describe('The first characters of the token, to recognise it'),
    expiresAt: isoDateTimeSchema.nullable(),
  })
  .meta({ id: 'AdminIdentity' });
export type AdminIdentity = z.infer<typeof adminIdentitySchema>;

export const adminTokenNameSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(100, 'must be at most 100 characters')
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9 ._@-]*$/,
    'must start with a letter or digit and use letters, digits, spaces and . _ @ -',
  )
  .describe('Unique; says whose or what the token is (e.g. "ops-bootstrap", "ci@example.com")');

export const createAdminTokenRequestSchema = z
  .strictObject({
    name: adminTokenNameSchema,
    role: adminRoleSchema,
    expiresInDays: z.number().int().min(1).max(3650).optional().describe('No expiry when absent'),
  })
  .meta({ id: 'CreateAdminToken' });
export type CreateAdminTokenRequest = z.infer<typeof createAdminTokenRequestSchema>;
