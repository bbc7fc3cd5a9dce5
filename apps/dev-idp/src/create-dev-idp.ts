import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Provider } from 'oidc-provider';
import type { Account, KoaContextLike } from 'oidc-provider';
import { renderLoginPage } from './login-page.js';
import { demoUsers, findDemoUser } from './users.js';
import type { DemoUser } from './users.js';

export interface DevIdpClient {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirectUris: readonly string[];
  readonly postLogoutRedirectUris: readonly string[];
}

export interface DevIdpOptions {
  readonly host?: string;
  /** 0 picks a free port; the issuer is http://<host>:<port> either way. */
  readonly port?: number;
  readonly clients: readonly DevIdpClient[];
  readonly users?: readonly DemoUser[];
}

export interface DevIdp {
  readonly issuer: string;
  readonly port: number;
  close(): Promise<void>;
}

const maxFormBytes = 16_384;

function readForm(request: IncomingMessage): Promise<URLSearchParams> {
  return new Promise((resolve, reject) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      body += chunk;
      if (body.length > maxFormBytes) {
        reject(new Error('form too large'));
        request.destroy();
      }
    });
    request.on('end', () => resolve(new URLSearchParams(body)));
    request.on('error', reject);
  });
}

function sendHtml(response: ServerResponse, status: number, html: string): void {
  response.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    // No form-action: Chromium applies it to the redirects after the post (to the RP).
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
  });
  response.end(html);
}

function accountOf(user: DemoUser): Account {
  return {
    accountId: user.username,
    claims: () => ({
      sub: user.username,
      name: user.name,
      preferred_username: user.username,
      email: user.email,
      email_verified: true,
      groups: [...user.groups],
    }),
  };
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      if (address === null || typeof address === 'string') reject(new Error('no TCP address'));
      else resolve(address.port);
    });
  });
}

/**
 * A development OpenID provider (oidc-provider): the demo users sign in on its own login
 * page with a password; consent is implied for the registered clients (first-party);
 * authorization code with PKCE; RP-initiated logout. Never for production.
 */
export async function startDevIdp(options: DevIdpOptions): Promise<DevIdp> {
  const host = options.host ?? '127.0.0.1';
  const users = options.users ?? demoUsers;
  const server = createServer();
  const port = await listen(server, host, options.port ?? 0);
  const issuer = `http://${host}:${port}`;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const signingKey = { ...privateKey.export({ format: 'jwk' }), use: 'sig', alg: 'RS256' };

  const provider = new Provider(issuer, {
    clients: options.clients.map((client) => ({
      client_id: client.clientId,
      client_secret: client.clientSecret,
      redirect_uris: [...client.redirectUris],
      post_logout_redirect_uris: [...client.postLogoutRedirectUris],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    })),
    jwks: { keys: [signingKey] },
    cookies: { keys: [randomBytes(32).toString('hex')] },
    pkce: { required: () => true },
    scopes: ['openid', 'profile', 'email', 'groups', 'offline_access'],
    claims: {
      openid: ['sub'],
      profile: ['name', 'preferred_username'],
      email: ['email', 'email_verified'],
      groups: ['groups'],
    },
    // The ID token carries the scopes' claims (groups), so relying parties need no userinfo call.
    conformIdTokenClaims: false,
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: { enabled: true },
    },
    interactions: {
      url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}`,
    },
    findAccount: (_ctx: unknown, id: string): Account | undefined => {
      const user = findDemoUser(id) ?? users.find((candidate) => candidate.username === id);
      return user ? accountOf(user) : undefined;
    },
    // First-party clients: the grant is implied, so no consent screen.
    loadExistingGrant: async (ctx: KoaContextLike) => {
      const { client, session, result, provider: self } = ctx.oidc;
      if (!client || !session?.accountId) return undefined;
      const grantId = result?.consent?.grantId ?? session.grantIdFor(client.clientId);
      if (grantId) {
        const existing = await self.Grant.find(grantId);
        if (existing) return existing;
      }
      const grant = new self.Grant({ accountId: session.accountId, clientId: client.clientId });
      grant.addOIDCScope('openid profile email groups offline_access');
      await grant.save();
      return grant;
    },
    ttl: {
      AccessToken: 3600,
      AuthorizationCode: 60,
      IdToken: 3600,
      Interaction: 3600,
      Session: 8 * 3600,
      Grant: 8 * 3600,
      RefreshToken: 8 * 3600,
    },
  });
  const oidc = provider.callback();

  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', issuer);
    const match = /^\/interaction\/([^/]+)(\/login)?$/.exec(url.pathname);
    if (!match) {
      oidc(request, response);
      return;
    }
    handleInteraction(request, response, match[2] !== undefined).catch((error: unknown) => {
      if (!response.headersSent)
        sendHtml(response, 400, `<p>Sign-in failed: ${String(error).replaceAll('<', '&lt;')}</p>`);
    });
  });

  async function handleInteraction(
    request: IncomingMessage,
    response: ServerResponse,
    submitted: boolean,
  ): Promise<void> {
    const details = await provider.interactionDetails(request, response);
    const requested = details.params['client_id'];
    const clientId = typeof requested === 'string' ? requested : '';
    if (!submitted || request.method !== 'POST') {
      sendHtml(response, 200, renderLoginPage({ uid: details.uid, clientId, users }));
      return;
    }
    const form = await readForm(request);
    const username = form.get('username') ?? '';
    const user = users.find((candidate) => candidate.username === username);
    if (!user || user.password !== (form.get('password') ?? '')) {
      sendHtml(
        response,
        401,
        renderLoginPage({
          uid: details.uid,
          clientId,
          users,
          username,
          error: 'Unknown user or wrong password.',
        }),
      );
      return;
    }
    await provider.interactionFinished(
      request,
      response,
      { login: { accountId: user.username } },
      { mergeWithLastSubmission: false },
    );
  }

  return {
    issuer,
    port,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
