import type { AdminRole } from '@gatehouse/contracts';
import { useSession } from './api/get-session';

export interface Permissions {
  readonly roles: readonly AdminRole[];
  /** Change configuration (tenants, clients, keys, scopes, upstreams, tools, budgets). */
  readonly canConfigure: boolean;
  /** Search and export audit events. */
  readonly canAudit: boolean;
}

/** What the signed-in user may do; the UI shows only those actions (the API enforces them too). */
export function usePermissions(): Permissions {
  const roles = useSession().data?.roles ?? [];
  return {
    roles,
    canConfigure: roles.includes('admin'),
    canAudit: roles.includes('admin') || roles.includes('auditor'),
  };
}
