// The dev IdP as a process: `npm run dev-idp` (see README). Configured by environment:
// DEV_IDP_PORT (9400), DEV_IDP_CLIENT_ID (gatehouse-console), DEV_IDP_CLIENT_SECRET,
// DEV_IDP_REDIRECT_URIS and DEV_IDP_POST_LOGOUT_REDIRECT_URIS (comma-separated).
import { startDevIdp } from './create-dev-idp.js';
import { demoUsers } from './users.js';

function list(value: string | undefined, fallback: string): string[] {
  return (value ?? fallback)
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

const controlPlane = process.env['DEV_IDP_CONTROL_PLANE_URL'] ?? 'http://127.0.0.1:8090';
const idp = await startDevIdp({
  port: Number(process.env['DEV_IDP_PORT'] ?? '9400'),
  clients: [
    {
      clientId: process.env['DEV_IDP_CLIENT_ID'] ?? 'gatehouse-console',
      clientSecret: process.env['DEV_IDP_CLIENT_SECRET'] ?? 'gatehouse-console-dev-secret',
      redirectUris: list(
        process.env['DEV_IDP_REDIRECT_URIS'],
        `${controlPlane}/api/v1/auth/callback`,
      ),
      postLogoutRedirectUris: list(
        process.env['DEV_IDP_POST_LOGOUT_REDIRECT_URIS'],
        `${controlPlane}/login`,
      ),
    },
  ],
});
process.stdout.write(`dev IdP listening: issuer ${idp.issuer}\n`);
for (const user of demoUsers)
  process.stdout.write(`  ${user.username} / ${user.password}  (${user.groups.join(', ')})\n`);
const stop = (): void => {
  void idp.close().then(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
