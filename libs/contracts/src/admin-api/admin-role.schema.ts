import { z } from 'zod';

/**
 * What an admin API token may do: `admin` changes configuration; `approver` decides on
 * plans; `auditor` reads the audit trail; `viewer` only reads configuration.
 */
export const adminRoleSchema = z.enum(['admin', 'approver', 'auditor', 'viewer']);
export type AdminRole = z.infer<typeof adminRoleSchema>;

/** Every role may read configuration. */
export const READ_ROLES: readonly AdminRole[] = adminRoleSchema.options;
