import type { AdminRole } from '@gatehouse/contracts';

/** Who is calling the admin API, as established by the auth guard. */
export interface AdminActor {
  readonly tokenId: string;
  readonly name: string;
  readonly role: AdminRole;
  readonly tokenPrefix: string;
  readonly expiresAt: Date | null;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by AdminAuthGuard on every non-public route. */
    adminActor?: AdminActor;
  }
}
