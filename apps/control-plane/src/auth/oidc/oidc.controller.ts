import { Inject, Logger, Req, Res } from '@nestjs/common';
import { consoleSessionSchema, logoutResponseSchema } from '@gatehouse/contracts';
import type { ConsoleSession, LogoutResponse } from '@gatehouse/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ApiController } from '../../common/api/api-controller.decorator.js';
import { ApiRoute } from '../../common/api/api-route.decorator.js';
import { ZodQuery } from '../../common/api/zod-input.decorators.js';
import { APP_CONFIG } from '../../config/app-config.js';
import type { AppConfig } from '../../config/app-config.js';
import { Public } from '../public.decorator.js';
import { ConsoleSessionService } from './console-session.service.js';
import { OidcClientService } from './oidc-client.service.js';
import { clearSessionCookie, CSRF_HEADER, setSessionCookie } from './session-cookie.js';
import { SessionStore } from './session.store.js';

const loginQuerySchema = z
  .object({
    returnTo: z
      .string()
      .max(2000)
      .regex(/^\/(?!\/)/, 'must be a path on this site, like /tenants')
      .optional(),
  })
  .meta({ id: 'LoginQuery' });

/** Console sign-in by OIDC: login, callback, logout and the current session. */
@ApiController({ path: 'auth', tag: 'Auth' })
export class OidcController {
  private readonly logger = new Logger(OidcController.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(OidcClientService) private readonly client: OidcClientService,
    @Inject(ConsoleSessionService) private readonly sessions: ConsoleSessionService,
    @Inject(SessionStore) private readonly store: SessionStore,
  ) {}

  @ApiRoute({
    method: 'GET',
    path: 'login',
    operationId: 'startConsoleLogin',
    summary: 'Starts console sign-in: redirects to the IdP (authorization code + PKCE)',
    status: 302,
    errors: ['not_found', 'unavailable'],
  })
  @Public()
  async login(
    @ZodQuery(loginQuerySchema) query: z.infer<typeof loginQuerySchema>,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const start = await this.client.start();
    await this.store.savePendingLogin(start.state, {
      codeVerifier: start.codeVerifier,
      nonce: start.nonce,
      returnTo: query.returnTo ?? '/',
    });
    await reply.header('cache-control', 'no-store').redirect(start.url, 302);
  }

  @ApiRoute({
    method: 'GET',
    path: 'callback',
    operationId: 'finishConsoleLogin',
    summary: 'The IdP redirects here; opens a session cookie and returns to the console',
    status: 302,
  })
  @Public()
  async callback(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    const search = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
    const params = new URLSearchParams(search);
    const fail = async (message: string): Promise<void> => {
      await reply
        .header('cache-control', 'no-store')
        .redirect(`/login?error=${encodeURIComponent(message)}`, 302);
    };
    const idpError = params.get('error');
    if (idpError) return fail(params.get('error_description') ?? idpError);
    const state = params.get('state');
    const pending = state ? await this.store.takePendingLogin(state) : null;
    if (!state || !pending) return fail('This sign-in link is unknown or expired; start again.');
    try {
      const login = await this.client.finish(search, { ...pending, state });
      const { id } = await this.sessions.open(login.claims, login.idToken);
      setSessionCookie(request, reply, id, this.config.sessions.ttlSeconds);
      await reply.header('cache-control', 'no-store').redirect(pending.returnTo, 302);
    } catch (error) {
      this.logger.warn(`console sign-in failed: ${String(error)}`);
      return fail(error instanceof Error ? error.message : 'Sign-in failed.');
    }
  }

  @ApiRoute({
    method: 'POST',
    path: 'logout',
    operationId: 'logoutConsole',
    summary: 'Ends the console session; answers where to go next (the IdP logout when it has one)',
    response: logoutResponseSchema,
  })
  @Public()
  async logout(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LogoutResponse> {
    const found = await this.sessions.current(request);
    if (found && request.headers[CSRF_HEADER] === found.session.csrfToken) {
      await this.sessions.close(found.id);
      clearSessionCookie(request, reply);
      return {
        redirectTo: this.client.enabled
          ? await this.client.logoutUrl(found.session.idToken)
          : '/login',
      };
    }
    if (!found) clearSessionCookie(request, reply);
    return { redirectTo: '/login' };
  }

  @ApiRoute({
    method: 'GET',
    path: 'session',
    operationId: 'getConsoleSession',
    summary: 'The console session of this browser (user, roles, CSRF token), if any',
    response: consoleSessionSchema,
  })
  @Public()
  async session(@Req() request: FastifyRequest): Promise<ConsoleSession> {
    const found = await this.sessions.current(request);
    return this.sessions.describe(found?.session ?? null);
  }
}
