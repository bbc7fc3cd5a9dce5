import { z } from 'zod';
import { isoDateTimeSchema, resourceIdSchema } from './common.schema.js';

/** What one introspection of an upstream changed in the catalog. */
export const introspectionResultSchema = z
  .object({
    upstreamId: resourceIdSchema,
    toolsListed: z.int().describe('Tools the upstream listed'),
    toolsAdded: z.int().describe('Tools seen for the first time'),
    versionsAdded: z.int().describe('New versions of known tools (their input schema changed)'),
    toolsRemoved: z.int().describe('Tools it no longer lists'),
    durationMs: z.int(),
  })
  .meta({ id: 'IntrospectionResult' });
export type IntrospectionResult = z.infer<typeof introspectionResultSchema>;

export const introspectionJobStateSchema = z.enum(['queued', 'running', 'completed', 'failed']);
export type IntrospectionJobState = z.infer<typeof introspectionJobStateSchema>;

export const introspectionJobSchema = z
  .object({
    id: z.string().describe('The job id, for GET /jobs/introspection/{jobId}'),
    kind: z
      .enum(['upstream', 'all'])
      .describe('One upstream, or the scheduled sweep over every enabled upstream'),
    upstreamId: resourceIdSchema.nullable(),
    trigger: z.enum(['manual', 'schedule']),
    state: introspectionJobStateSchema,
    queuedAt: isoDateTimeSchema,
    startedAt: isoDateTimeSchema.nullable(),
    finishedAt: isoDateTimeSchema.nullable(),
    result: introspectionResultSchema.nullable().describe('Once completed (kind upstream)'),
    error: z.string().nullable().describe('Why it failed, once failed'),
  })
  .meta({ id: 'IntrospectionJob' });
export type IntrospectionJob = z.infer<typeof introspectionJobSchema>;

export const introspectionJobParamsSchema = z.strictObject({
  jobId: z
    .string()
    .regex(/^[A-Za-z0-9:_-]{1,200}$/, 'is not a job id this API returned')
    .describe('As returned when the job was queued'),
});
export type IntrospectionJobParams = z.infer<typeof introspectionJobParamsSchema>;
