import { z } from 'zod';

export const livenessSchema = z.object({ status: z.literal('ok') }).meta({ id: 'Liveness' });
export type Liveness = z.infer<typeof livenessSchema>;

export const dependencyCheckSchema = z.object({
  ok: z.boolean(),
  latencyMs: z.number().describe('How long the check took'),
  error: z.string().optional().describe('Why the dependency is not usable'),
});
export type DependencyCheck = z.infer<typeof dependencyCheckSchema>;

export const readinessSchema = z
  .object({
    status: z.enum(['ready', 'not_ready']),
    checks: z.object({ postgres: dependencyCheckSchema, redis: dependencyCheckSchema }),
  })
  .meta({ id: 'Readiness', description: '200 when every dependency answers, 503 otherwise' });
export type Readiness = z.infer<typeof readinessSchema>;
