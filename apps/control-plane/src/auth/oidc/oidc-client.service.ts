import { Inject, Injectable } from '@nestjs/common';
import * as oidc from 'openid-client';
import { DomainError } from '../../common/errors/domain-error.js';
import { APP_CONFIG } from '../../config/app-config.js';
import type { AppConfig } from '../../config/app-config.js';
import type { OidcConfig } from './oidc-env.js';

export interface AuthorizationStart {
  readonly url: string;
  readonly state: string;
  readonly codeVerifier: string;
  readonly nonce: string;
}

export interface VerifiedLogin {
  readonly claims: Readonly<Record<string, unknown>>;
  readonly idToken: string | null;
}

/**
 * The relying party (openid-client): discovery on first use (so the control plane boots
 * while the IdP is down), authorization code with PKCE, state and nonce; RP-initiated logout.
 */
@Injectable()
export class OidcClientService {
  private discovered: Promise<oidc.Configuration> | null = null;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get enabled(): boolean {
    return this.config.oidc !== null;
  }

  private settings(): OidcConfig {
    if (!this.config.oidc)
      throw DomainError.notFound('SSO configuration', 'OIDC (OIDC_ISSUER_URL is not set)');
    return this.config.oidc;
  }

  private async configuration(): Promise<oidc.Configuration> {
    const settings = this.settings();
    this.discovered ??= oidc
      .discovery(
        new URL(settings.issuerUrl),
        settings.clientId,
        settings.clientSecret,
        undefined,
        // Plain http only for a loopback or dev issuer; production issuers are https.
        settings.issuerUrl.startsWith('http:') ? { execute: [oidc.allowInsecureRequests] } : {},
      )
      .catch((error: unknown) => {
        this.discovered = null;
        throw new DomainError(
          'unavailable',
          `The identity provider ${settings.issuerUrl} could not be reached: ${String(error)}`,
        );
      });
    return this.discovered;
  }

  async start(): Promise<AuthorizationStart> {
    const settings = this.settings();
    const configuration = await this.configuration();
    const codeVerifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(configuration, {
      redirect_uri: settings.redirectUri,
      scope: settings.scopes,
      code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    return { url: url.href, state, codeVerifier, nonce };
  }

  /** Exchanges the code; checks state, nonce, PKCE and the ID token. */
  async finish(
    callbackQuery: string,
    expected: { state: string; nonce: string; codeVerifier: string },
  ): Promise<VerifiedLogin> {
    const settings = this.settings();
    const configuration = await this.configuration();
    const currentUrl = new URL(settings.redirectUri);
    currentUrl.search = callbackQuery;
    const tokens = await oidc.authorizationCodeGrant(configuration, currentUrl, {
      pkceCodeVerifier: expected.codeVerifier,
      expectedState: expected.state,
      expectedNonce: expected.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    if (!claims) throw DomainError.unauthenticated('The identity provider returned no ID token.');
    return { claims: { ...claims }, idToken: tokens.id_token ?? null };
  }

  /** The IdP's end-session URL when it offers one, else the post-logout page itself. */
  async logoutUrl(idToken: string | null): Promise<string> {
    const settings = this.settings();
    const configuration = await this.configuration().catch(() => null);
    if (!configuration?.serverMetadata().end_session_endpoint)
      return settings.postLogoutRedirectUri;
    const parameters: Record<string, string> = {
      post_logout_redirect_uri: settings.postLogoutRedirectUri,
      client_id: settings.clientId,
    };
    if (idToken) parameters['id_token_hint'] = idToken;
    return oidc.buildEndSessionUrl(configuration, parameters).href;
  }
}
