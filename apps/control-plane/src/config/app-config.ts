import type { LevelWithSilent } from 'pino';
import type { OidcConfig, SessionsConfig } from '../auth/oidc/oidc-env.js';

/** The control plane's settings, parsed once at boot (see load-config.ts). */
export interface AppConfig {
  readonly database: { readonly url: string; readonly poolSize: number };
  readonly redis: { readonly url: string; readonly prefix: string };
  readonly http: {
    readonly host: string;
    readonly port: number;
    readonly bodyLimitBytes: number;
    readonly trustProxy: boolean;
  };
  readonly logLevel: LevelWithSilent;
  /** Signed config snapshots for gateway fleets. */
  readonly snapshots: {
    /** The Ed25519 private key new snapshots are signed with (created when missing). */
    readonly signingKeyFile: string;
    /** Keys that signed before, still published (JWKS) while nodes roll over. */
    readonly previousKeysFile: string | null;
    /** Public keys published ahead of a rollover (the next signing key). */
    readonly trustedKeysFile: string | null;
    /** Debounce of rebuilds: a burst of changes within it builds once. */
    readonly buildDelayMs: number;
  };
  /** Whether this process runs the BullMQ workers (snapshot builds, ...) besides the API. */
  readonly worker: boolean;
  /** How often every enabled upstream's tools/list is read; 0 = never on a schedule. */
  readonly introspection: { readonly intervalSeconds: number };
  /** Console sign-in by OIDC; null = SSO off (admin API tokens only). */
  readonly oidc: OidcConfig | null;
  /** Console sessions (server-side, in Redis). */
  readonly sessions: SessionsConfig;
  /** The built console served at `/`; null = not served. */
  readonly console: { readonly dir: string | null };
}

/** The injection token of the AppConfig (an interface has no runtime identity). */
export const APP_CONFIG = Symbol('AppConfig');
