import type { AdminRole } from '@gatehouse/contracts';

/** Who is calling the admin API, as established by the auth guard. */
export interface AdminActor {
  readonly tokenId: string;
  readonly name: string;
  readonly role: AdminRole;
  readonly tokenPrefix: string;
  readonly expiresAt: Date | null;
  /** How the caller authenticated: an admin API token (default) or a console session. */
  readonly kind?: 'token' | 'session';
  /** Every role the caller holds (a console user may hold several); default [role]. */
  readonly roles?: readonly AdminRole[];
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by AdminAuthGuard on every non-public route. */
    adminActor?: AdminActor;
  }
}
