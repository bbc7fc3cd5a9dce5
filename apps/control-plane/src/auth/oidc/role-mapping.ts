import { adminRoleSchema } from '@gatehouse/contracts';
import type { AdminRole, RoleGrant } from '@gatehouse/contracts';

/** One rule of OIDC_ROLE_MAPPING: members of `group` get `role`, everywhere or in `tenant`. */
export interface RoleMappingRule {
  readonly group: string;
  readonly role: AdminRole;
  readonly tenant: string | null;
}

const rulePattern = /^([^=,\s]+)=([a-z]+)(?:@([a-z0-9]([a-z0-9-]*[a-z0-9])?))?$/;

/**
 * Parses `group=role[@tenant],...` (e.g. `gatehouse-admins=admin,acme-ops=approver@acme`).
 * Returns the rules, or the message saying what is wrong.
 */
export function parseRoleMapping(text: string): readonly RoleMappingRule[] | string {
  const rules: RoleMappingRule[] = [];
  for (const raw of text.split(',')) {
    const entry = raw.trim();
    if (entry === '') continue;
    const match = rulePattern.exec(entry);
    if (!match?.[1] || !match[2])
      return `"${entry}" is not group=role or group=role@tenant (comma-separated)`;
    const role = adminRoleSchema.safeParse(match[2]);
    if (!role.success)
      return `"${entry}": the role must be one of ${adminRoleSchema.options.join(', ')}`;
    rules.push({ group: match[1], role: role.data, tenant: match[3] ?? null });
  }
  if (rules.length === 0) return 'must name at least one group=role rule';
  return rules;
}

const rolePriority: readonly AdminRole[] = ['admin', 'approver', 'auditor', 'viewer'];

/** The grants a user's IdP groups earn, deduplicated, strongest role first. */
export function grantsFor(
  rules: readonly RoleMappingRule[],
  groups: readonly string[],
): RoleGrant[] {
  const seen = new Set<string>();
  const grants: RoleGrant[] = [];
  for (const rule of rules) {
    if (!groups.includes(rule.group)) continue;
    const key = `${rule.role}@${rule.tenant ?? '*'}`;
    if (seen.has(key)) continue;
    seen.add(key);
    grants.push({ role: rule.role, tenant: rule.tenant });
  }
  return grants.sort(
    (a, b) =>
      rolePriority.indexOf(a.role) - rolePriority.indexOf(b.role) ||
      (a.tenant ?? '').localeCompare(b.tenant ?? ''),
  );
}

/** The roles that apply everywhere: what the admin API's role checks use. */
export function globalRoles(grants: readonly RoleGrant[]): AdminRole[] {
  return grants.filter((grant) => grant.tenant === null).map((grant) => grant.role);
}
