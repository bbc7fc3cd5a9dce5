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
