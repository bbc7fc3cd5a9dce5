import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import type { RoleGrant } from '@gatehouse/contracts';
import { DomainError } from '../../common/errors/domain-error.js';
import { RedisService } from '../../redis/redis.service.js';

/** A console session as stored in Redis (keyed by the SHA-256 of its id, never the id). */
export interface StoredSession {
  readonly subject: string;
  readonly name: string;
  readonly email: string | null;
  readonly grants: readonly RoleGrant[];
  readonly csrfToken: string;
  /** For RP-initiated logout (id_token_hint). */
  readonly idToken: string | null;
  readonly createdAt: string;
  readonly expiresAt: string;
}

/** What a login in progress keeps between /login and /callback. */
export interface PendingLogin {
  readonly codeVerifier: string;
  readonly nonce: string;
  readonly returnTo: string;
}

const pendingLoginTtlSeconds = 600;

function digest(id: string): string {
  return createHash('sha256').update(id).digest('base64url');
}

/** Server-side console sessions and pending logins, in Redis with TTLs. */
@Injectable()
export class SessionStore {
  // Optional: the bootstrap CLIs load AuthModule (for admin tokens) without Redis.
  constructor(@Optional() @Inject(RedisService) private readonly redisService?: RedisService) {}

  private get redis(): RedisService {
    if (!this.redisService)
      throw new DomainError(
        'unavailable',
        'Console sessions need Redis, which this process has not.',
      );
    return this.redisService;
  }

  async create(
    session: Omit<StoredSession, 'csrfToken' | 'createdAt' | 'expiresAt'>,
    ttlSeconds: number,
    now = new Date(),
  ): Promise<{ id: string; session: StoredSession }> {
    const id = randomBytes(32).toString('base64url');
    const stored: StoredSession = {
      ...session,
      csrfToken: randomBytes(24).toString('base64url'),
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + ttlSeconds * 1000).toISOString(),
    };
    await this.redis.client.set(
      this.redis.key(`session:${digest(id)}`),
      JSON.stringify(stored),
      'EX',
      ttlSeconds,
    );
    return { id, session: stored };
  }

  async find(id: string): Promise<StoredSession | null> {
    const raw = await this.redis.client.get(this.redis.key(`session:${digest(id)}`));
    return raw === null ? null : (JSON.parse(raw) as StoredSession);
  }

  async delete(id: string): Promise<void> {
    await this.redis.client.del(this.redis.key(`session:${digest(id)}`));
  }

  async savePendingLogin(state: string, login: PendingLogin): Promise<void> {
    await this.redis.client.set(
      this.redis.key(`oidc-login:${digest(state)}`),
      JSON.stringify(login),
      'EX',
      pendingLoginTtlSeconds,
    );
  }

  /** Reads and deletes: a state is good for one callback. */
  async takePendingLogin(state: string): Promise<PendingLogin | null> {
    const raw = await this.redis.client.getdel(this.redis.key(`oidc-login:${digest(state)}`));
    return raw === null ? null : (JSON.parse(raw) as PendingLogin);
  }
}
