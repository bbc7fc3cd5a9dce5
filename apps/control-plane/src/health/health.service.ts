import { Inject, Injectable } from '@nestjs/common';
import type { DependencyCheck, Readiness } from '@gatehouse/contracts';
import { DatabaseService } from '../database/database.service.js';
import { RedisService } from '../redis/redis.service.js';

async function timed(check: () => Promise<void>): Promise<DependencyCheck> {
  const started = performance.now();
  try {
    await check();
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      latencyMs: Math.round(performance.now() - started),
      error: message.split('\n')[0] ?? message,
    };
  }
}

@Injectable()
export class HealthService {
  constructor(
    @Inject(DatabaseService) private readonly database: DatabaseService,
    @Inject(RedisService) private readonly redis: RedisService,
  ) {}

  /** Ready when Postgres and Redis both answer; checked in parallel, each with its own deadline. */
  async readiness(): Promise<Readiness> {
    const [postgres, redis] = await Promise.all([
      timed(() => this.database.ping()),
      timed(() => this.redis.ping()),
    ]);
    return { status: postgres.ok && redis.ok ? 'ready' : 'not_ready', checks: { postgres, redis } };
  }
}
