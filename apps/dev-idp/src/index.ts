export { startDevIdp } from './create-dev-idp.js';
export type { DevIdp, DevIdpClient, DevIdpOptions } from './create-dev-idp.js';
export { demoRoleMapping, demoUsers } from './users.js';
export type { DemoUser } from './users.js';
