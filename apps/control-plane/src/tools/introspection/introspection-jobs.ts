import { z } from 'zod';

/** The BullMQ queue of upstream introspection. */
export const INTROSPECTION_QUEUE = 'introspection';

export enum IntrospectionJobName {
  /** Read one upstream's tools/list into the catalog. */
  IntrospectUpstream = 'introspect-upstream',
  /** Queue an introspection of every enabled upstream (the schedule). */
  IntrospectAll = 'introspect-all',
}

export const introspectionTriggerSchema = z.enum(['manual', 'schedule']);
export type IntrospectionTrigger = z.infer<typeof introspectionTriggerSchema>;

export const introspectUpstreamPayloadSchema = z.strictObject({
  upstreamId: z.uuid(),
  trigger: introspectionTriggerSchema,
});
export type IntrospectUpstreamPayload = z.infer<typeof introspectUpstreamPayloadSchema>;

export const introspectAllPayloadSchema = z.strictObject({
  trigger: z.literal('schedule'),
});
export type IntrospectAllPayload = z.infer<typeof introspectAllPayloadSchema>;

export type IntrospectionJobPayload = IntrospectUpstreamPayload | IntrospectAllPayload;
