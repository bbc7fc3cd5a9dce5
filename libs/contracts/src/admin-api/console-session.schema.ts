import { z } from 'zod';
import { adminRoleSchema } from './admin-role.schema.js';
import { isoDateTimeSchema } from './common.schema.js';

/** A role a console user holds: everywhere (tenant null) or in one tenant (by its name). */
export const roleGrantSchema = z
  .object({
    role: adminRoleSchema,
    tenant: z.string().nullable().describe('Tenant name; null = every tenant'),
  })
  .meta({ id: 'RoleGrant' });
export type RoleGrant = z.infer<typeof roleGrantSchema>;

/** Who the console is signed in as (`GET /api/v1/auth/session`). */
export const consoleSessionSchema = z
  .object({
    ssoEnabled: z.boolean().describe('Whether this control plane offers OIDC sign-in'),
    authenticated: z.boolean(),
    user: z
      .object({
        subject: z.string(),
        name: z.string(),
        email: z.string().nullable(),
      })
      .nullable(),
    roles: z.array(adminRoleSchema).describe('Roles that apply everywhere (what the API checks)'),
    grants: z.array(roleGrantSchema),
    csrfToken: z
      .string()
      .nullable()
      .describe('Send as X-CSRF-Token on every mutation made with the session cookie'),
    expiresAt: isoDateTimeSchema.nullable(),
  })
  .meta({ id: 'ConsoleSession' });
export type ConsoleSession = z.infer<typeof consoleSessionSchema>;

/** `POST /api/v1/auth/logout`: where the browser goes next (the IdP's logout, or the login page). */
export const logoutResponseSchema = z
  .object({ redirectTo: z.string() })
  .meta({ id: 'LogoutResponse' });
export type LogoutResponse = z.infer<typeof logoutResponseSchema>;
