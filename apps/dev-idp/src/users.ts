/** A demo person of the dev IdP: signs in with a password, carries IdP groups. */
export interface DemoUser {
  readonly username: string;
  readonly password: string;
  readonly name: string;
  readonly email: string;
  readonly groups: readonly string[];
}

/**
 * One demo user per console role. The control plane maps the `groups` claim to roles
 * (OIDC_ROLE_MAPPING); the quick start's mapping is gatehouse-<role>s → <role>.
 */
export const demoUsers: readonly DemoUser[] = [
  {
    username: 'admin',
    password: 'admin-demo',
    name: 'Ada Admin',
    email: 'admin@example.com',
    groups: ['gatehouse-admins'],
  },
  {
    username: 'approver',
    password: 'approver-demo',
    name: 'Aaron Approver',
    email: 'approver@example.com',
    groups: ['gatehouse-approvers'],
  },
  {
    username: 'auditor',
    password: 'auditor-demo',
    name: 'Audrey Auditor',
    email: 'auditor@example.com',
    groups: ['gatehouse-auditors'],
  },
  {
    username: 'viewer',
    password: 'viewer-demo',
    name: 'Victor Viewer',
    email: 'viewer@example.com',
    groups: ['gatehouse-viewers'],
  },
];

/** The group-to-role rules that fit the demo users (the control plane's OIDC_ROLE_MAPPING). */
export const demoRoleMapping =
  'gatehouse-admins=admin,gatehouse-approvers=approver,gatehouse-auditors=auditor,gatehouse-viewers=viewer';

export function findDemoUser(username: string): DemoUser | undefined {
  return demoUsers.find((user) => user.username === username);
}
