import { z } from 'zod';
import { envInt } from './env-scalars.js';

/** `points` calls per `windowSeconds`, counted across every node of a fleet (through Redis). */
export const rateLimitSchema = z
  .object({
    points: envInt(1, 100_000_000),
    windowSeconds: envInt(1, 86_400),
  })
  .strict();

/**
 * What a node does when Redis (the shared counters) is unreachable: `open` keeps serving with a
 * node-local limiter of the same size, `closed` refuses the calls that need a shared limit.
 */
export const redisFailModeSchema = z.enum(['open', 'closed']);

export type RateLimitConfig = z.infer<typeof rateLimitSchema>;
export type RedisFailMode = z.infer<typeof redisFailModeSchema>;
