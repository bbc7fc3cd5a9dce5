import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const entry = fileURLToPath(new URL('../../../dev-idp/src/main.ts', import.meta.url));
const tsconfig = fileURLToPath(new URL('../../../dev-idp/tsconfig.json', import.meta.url));

export interface DevIdpProcess {
  readonly issuer: string;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => {
        if (address !== null && typeof address === 'object') resolve(address.port);
        else reject(new Error('no probe address'));
      });
    });
  });
}

/** The workspace's dev IdP (apps/dev-idp) as its own process, for the OIDC specs. */
export async function startDevIdpProcess(options: {
  redirectUri: string;
  postLogoutRedirectUri: string;
}): Promise<DevIdpProcess> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', entry], {
    env: {
      PATH: process.env['PATH'],
      TSX_TSCONFIG_PATH: tsconfig,
      DEV_IDP_PORT: String(port),
      DEV_IDP_REDIRECT_URIS: options.redirectUri,
      DEV_IDP_POST_LOGOUT_REDIRECT_URIS: options.postLogoutRedirectUri,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`dev IdP did not start: ${output}`)), 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('listening')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`dev IdP exited with ${String(code)}: ${output}`));
    });
  });
  return {
    issuer: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** A tiny cookie jar for walking the IdP's redirects with fetch. */
class CookieJar {
  private readonly cookies = new Map<string, string>();
  take(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const index = pair?.indexOf('=') ?? -1;
      if (!pair || index < 0) continue;
      this.cookies.set(pair.slice(0, index).trim(), pair.slice(index + 1).trim());
    }
  }
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

/**
 * Signs in on the IdP's real login form, starting from its authorization URL, and returns
 * the query string the IdP sends to the redirect URI (code, state, iss), or the login
 * page's answer when the password is wrong.
 */
export async function signInAtIdp(
  authorizationUrl: string,
  username: string,
  password: string,
): Promise<{ callbackQuery: string | null; loginStatus: number }> {
  const jar = new CookieJar();
  let url = authorizationUrl;
  for (let hop = 0; hop < 10; hop += 1) {
    const isLogin = /\/interaction\/[^/]+$/.test(new URL(url).pathname);
    const response = isLogin
      ? await fetch(`${url}/login`, {
          method: 'POST',
          redirect: 'manual',
          headers: {
            cookie: jar.header(),
            'content-type': 'application/x-www-form-urlencoded',
          },
          body: new URLSearchParams({ username, password }).toString(),
        })
      : await fetch(url, { redirect: 'manual', headers: { cookie: jar.header() } });
    jar.take(response);
    const location = response.headers.get('location');
    if (!location) return { callbackQuery: null, loginStatus: response.status };
    const next = new URL(location, url);
    if (next.pathname.endsWith('/api/v1/auth/callback'))
      return { callbackQuery: next.search, loginStatus: response.status };
    url = next.href;
  }
  throw new Error('too many redirects at the IdP');
}
