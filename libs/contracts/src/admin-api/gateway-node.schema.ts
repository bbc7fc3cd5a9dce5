import { z } from 'zod';
import {
  isoDateTimeSchema,
  pageQuerySchema,
  pageSchemaOf,
  resourceIdSchema,
} from './common.schema.js';

export const gatewayNodeStateSchema = z
  .enum(['starting', 'serving', 'degraded'])
  .describe(
    '`starting`: no config applied yet; `serving`: in sync; `degraded`: serving, but something is wrong (see lastError)',
  );
export type GatewayNodeState = z.infer<typeof gatewayNodeStateSchema>;

/** As the gateway makes them (a pod name, or the UUID kept in its state directory). */
export const gatewayNodeIdSchema = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/,
    'must be 1–128 letters, digits, ".", "_", ":" or "-", starting with a letter or digit',
  );

/**
 * What a node reports. Not strict on purpose: during a rolling upgrade newer nodes talk to an
 * older control plane, and a field it does not know yet must not cost the node its heartbeat.
 */
export const nodeHeartbeatBodySchema = z
  .object({
    nodeId: gatewayNodeIdSchema,
    hostname: z.string().min(1, 'must not be empty').max(255, 'must be at most 255 characters'),
    appliedVersion: z
      .int('must be an integer')
      .positive('must be positive')
      .nullable()
      .describe('The snapshot version the node enforces; null before its first'),
    startedAt: z.iso.datetime({ offset: true }).describe('When the node process started'),
    state: gatewayNodeStateSchema,
    lastError: z.string().max(2000, 'must be at most 2000 characters').optional(),
    softwareVersion: z.string().min(1).max(100).optional(),
  })
  .meta({ id: 'NodeHeartbeat' });
export type NodeHeartbeatBody = z.infer<typeof nodeHeartbeatBodySchema>;

export const gatewayNodeResourceSchema = z
  .object({
    id: resourceIdSchema,
    fleetId: resourceIdSchema,
    nodeId: gatewayNodeIdSchema.describe('The id the node reports itself by'),
    hostname: z.string().nullable(),
    state: gatewayNodeStateSchema.nullable(),
    appliedVersion: z.int().nullable().describe('The snapshot version it enforces'),
    appliedAt: isoDateTimeSchema
      .nullable()
      .describe('When the control plane first heard of that version on this node'),
    startedAt: isoDateTimeSchema.nullable(),
    lastError: z.string().nullable(),
    softwareVersion: z.string().nullable(),
    credentialId: resourceIdSchema
      .nullable()
      .describe('The fleet credential of its last heartbeat'),
    firstSeenAt: isoDateTimeSchema,
    lastSeenAt: isoDateTimeSchema.describe('Its last heartbeat'),
  })
  .meta({ id: 'GatewayNode' });
export type GatewayNodeResource = z.infer<typeof gatewayNodeResourceSchema>;

export const listGatewayNodesQuerySchema = pageQuerySchema;
export type ListGatewayNodesQuery = z.infer<typeof listGatewayNodesQuerySchema>;

export const gatewayNodePageSchema = pageSchemaOf(gatewayNodeResourceSchema).meta({
  id: 'GatewayNodePage',
});
export type GatewayNodePage = z.infer<typeof gatewayNodePageSchema>;
