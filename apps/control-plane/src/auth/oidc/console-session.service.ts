import { Inject, Injectable } from '@nestjs/common';
import type { AdminRole, ConsoleSession } from '@gatehouse/contracts';
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../../common/errors/domain-error.js';
import { APP_CONFIG } from '../../config/app-config.js';
import type { AppConfig } from '../../config/app-config.js';
import type { AdminActor } from '../admin-actor.js';
import { ConsoleLogins } from './console-logins.js';
import { globalRoles, grantsFor } from './role-mapping.js';
import { CSRF_HEADER, readCookie, SESSION_COOKIE } from './session-cookie.js';
import { SessionStore } from './session.store.js';
import type { StoredSession } from './session.store.js';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

function stringClaim(claims: Readonly<Record<string, unknown>>, name: string): string | null {
  const value = claims[name];
  return typeof value === 'string' && value !== '' ? value : null;
}

function groupsOf(claims: Readonly<Record<string, unknown>>, claim: string): string[] {
  const value = claims[claim];
  if (Array.isArray(value))
    return value.filter((entry): entry is string => typeof entry === 'string');
  if (typeof value === 'string') return value.split(/[\s,]+/).filter((entry) => entry !== '');
  return [];
}

/** Console sessions: created from a verified login, turned into an AdminActor per request. */
@Injectable()
export class ConsoleSessionService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SessionStore) private readonly store: SessionStore,
    @Inject(ConsoleLogins) private readonly logins: ConsoleLogins,
  ) {}

  /** A session for the ID token's claims, or a 403 when the user's groups map to no role. */
  async open(
    claims: Readonly<Record<string, unknown>>,
    idToken: string | null,
  ): Promise<{ id: string; session: StoredSession }> {
    const settings = this.config.oidc;
    if (!settings) throw DomainError.forbidden('SSO is off on this control plane.');
    const subject = stringClaim(claims, 'sub') ?? '';
    const grants = grantsFor(settings.roleMapping, groupsOf(claims, settings.groupsClaim));
    const name =
      stringClaim(claims, 'name') ?? stringClaim(claims, 'preferred_username') ?? subject;
    if (grants.length === 0) {
      this.logins.emit({ subject, name, outcome: 'refused', roles: [] });
      throw DomainError.forbidden(
        `${subject} signed in, but none of their groups maps to a Gatehouse role (OIDC_ROLE_MAPPING).`,
      );
    }
    this.logins.emit({
      subject,
      name,
      outcome: 'ok',
      roles: grants.map((grant) => (grant.tenant ? `${grant.role}@${grant.tenant}` : grant.role)),
    });
    return this.store.create(
      {
        subject,
        name,
        email: stringClaim(claims, 'email'),
        grants,
        idToken,
      },
      this.config.sessions.ttlSeconds,
    );
  }

  /** The request's session (by cookie), or null. */
  async current(request: FastifyRequest): Promise<{ id: string; session: StoredSession } | null> {
    const id = readCookie(request, SESSION_COOKIE);
    if (!id) return null;
    const session = await this.store.find(id);
    return session ? { id, session } : null;
  }

  /**
   * The actor for a request carrying a session cookie (null without one). Mutations must
   * carry the session's CSRF token in X-CSRF-Token (double submit).
   */
  async authenticate(request: FastifyRequest): Promise<AdminActor | null> {
    if (!readCookie(request, SESSION_COOKIE)) return null;
    const found = await this.current(request);
    if (!found)
      throw DomainError.unauthenticated('Your console session has expired; sign in again.');
    const { session } = found;
    if (!safeMethods.has(request.method) && request.headers[CSRF_HEADER] !== session.csrfToken)
      throw DomainError.forbidden(
        `A change made with a console session must carry its CSRF token in the ${CSRF_HEADER} header.`,
      );
    const roles: AdminRole[] = globalRoles(session.grants);
    return {
      tokenId: session.subject,
      name: session.name,
      role: roles[0] ?? 'viewer',
      roles,
      kind: 'session',
      tokenPrefix: '',
      expiresAt: new Date(session.expiresAt),
    };
  }

  describe(session: StoredSession | null): ConsoleSession {
    return {
      ssoEnabled: this.config.oidc !== null,
      authenticated: session !== null,
      user: session ? { subject: session.subject, name: session.name, email: session.email } : null,
      roles: session ? globalRoles(session.grants) : [],
      grants: session ? [...session.grants] : [],
      csrfToken: session?.csrfToken ?? null,
      expiresAt: session?.expiresAt ?? null,
    };
  }

  async close(id: string): Promise<StoredSession | null> {
    const session = await this.store.find(id);
    await this.store.delete(id);
    return session;
  }
}
