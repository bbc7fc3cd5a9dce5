import { describe, expect, it } from 'vitest';
import { globalRoles, grantsFor, parseRoleMapping } from './role-mapping.js';

describe('OIDC role mapping', () => {
  it('parses global and tenant rules', () => {
    expect(parseRoleMapping('ops=admin, acme-ops=approver@acme')).toEqual([
      { group: 'ops', role: 'admin', tenant: null },
      { group: 'acme-ops', role: 'approver', tenant: 'acme' },
    ]);
  });

  it('says what is wrong with a bad rule', () => {
    expect(parseRoleMapping('ops=root')).toMatch(/role must be one of admin, approver/);
    expect(parseRoleMapping('ops')).toMatch(/not group=role/);
    expect(parseRoleMapping(' , ')).toMatch(/at least one/);
  });

  it('maps groups to deduplicated grants, strongest first; only global ones count for the API', () => {
    const rules = parseRoleMapping('a=viewer,b=admin,c=auditor@acme,d=admin');
    if (typeof rules === 'string') throw new Error(rules);
    const grants = grantsFor(rules, ['a', 'b', 'c', 'd', 'x']);
    expect(grants).toEqual([
      { role: 'admin', tenant: null },
      { role: 'auditor', tenant: 'acme' },
      { role: 'viewer', tenant: null },
    ]);
    expect(globalRoles(grants)).toEqual(['admin', 'viewer']);
    expect(grantsFor(rules, ['nobody'])).toEqual([]);
  });
});
