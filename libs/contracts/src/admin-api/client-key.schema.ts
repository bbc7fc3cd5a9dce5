import { z } from 'zod';
import {
  isoDateTimeSchema,
  pageQuerySchema,
  pageSchemaOf,
  resourceIdSchema,
} from './common.schema.js';

/** Recognisable in logs, config files and secret scanners. */
export const CLIENT_KEY_PREFIX = 'gh_live_';

export const clientKeyStatusSchema = z
  .enum(['active', 'expired', 'revoked'])
  .describe('At the time of the answer: revoked wins over expired');
export type ClientKeyStatus = z.infer<typeof clientKeyStatusSchema>;

/** An API key as the API shows it: never the key, never its hash. */
export const clientKeyResourceSchema = z
  .object({
    id: resourceIdSchema,
    clientId: resourceIdSchema,
    prefix: z.string().describe('The first characters of the key, to recognise it'),
    label: z.string().nullable(),
    status: clientKeyStatusSchema,
    createdAt: isoDateTimeSchema,
    createdBy: z.string().nullable().describe('Who created it (`<actor type>:<id>`)'),
    expiresAt: isoDateTimeSchema.nullable(),
    revokedAt: isoDateTimeSchema.nullable(),
    revokedReason: z.string().nullable(),
    lastUsedAt: isoDateTimeSchema.nullable(),
    rotatedFromId: resourceIdSchema
      .nullable()
      .describe('The key this one replaced in a rotation, if any'),
  })
  .meta({ id: 'ClientKey' });
export type ClientKeyResource = z.infer<typeof clientKeyResourceSchema>;

const keyLabelSchema = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(100, 'must be at most 100 characters')
  .describe('What the key is for (e.g. "ci", "laptop of jane")');

const keyExpiresAtSchema = isoDateTimeSchema.describe(
  'When the key stops working (UTC, ISO 8601, in the future); no expiry when absent',
);

export const createClientKeyBodySchema = z
  .strictObject({
    label: keyLabelSchema.optional(),
    expiresAt: keyExpiresAtSchema.optional(),
  })
  .meta({ id: 'CreateClientKey' });
export type CreateClientKeyBody = z.infer<typeof createClientKeyBodySchema>;

/** Up to 30 days during which the old and the new key both work. */
export const MAX_ROTATION_GRACE_SECONDS = 30 * 24 * 3600;

export const rotateClientKeyBodySchema = z
  .strictObject({
    gracePeriodSeconds: z
      .int('must be an integer')
      .min(0, 'must be at least 0')
      .max(MAX_ROTATION_GRACE_SECONDS, `must be at most ${MAX_ROTATION_GRACE_SECONDS} (30 days)`)
      .default(0)
      .describe('How long the old key keeps working (default 0: it stops now)'),
    label: keyLabelSchema.optional().describe("The new key's label (default: the old one's)"),
    expiresAt: keyExpiresAtSchema.optional(),
  })
  .meta({ id: 'RotateClientKey' });
export type RotateClientKeyBody = z.infer<typeof rotateClientKeyBodySchema>;

export const revokeClientKeyBodySchema = z
  .strictObject({
    reason: z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(500, 'must be at most 500 characters')
      .optional(),
  })
  .meta({ id: 'RevokeClientKey' });
export type RevokeClientKeyBody = z.infer<typeof revokeClientKeyBodySchema>;

export const issuedClientKeySchema = z
  .object({
    key: z
      .string()
      .describe(`The API key (${CLIENT_KEY_PREFIX}...): shown this once, only its hash is kept`),
    credential: clientKeyResourceSchema,
  })
  .meta({ id: 'IssuedClientKey' });
export type IssuedClientKey = z.infer<typeof issuedClientKeySchema>;

export const rotatedClientKeySchema = z
  .object({
    key: z.string().describe('The new API key: shown this once, only its hash is kept'),
    credential: clientKeyResourceSchema.describe('The new key'),
    previous: clientKeyResourceSchema.describe('The old key, now expiring after the grace period'),
  })
  .meta({ id: 'RotatedClientKey' });
export type RotatedClientKey = z.infer<typeof rotatedClientKeySchema>;

export const clientKeysParamsSchema = z.strictObject({ id: resourceIdSchema });
export type ClientKeysParams = z.infer<typeof clientKeysParamsSchema>;

export const clientKeyParamsSchema = z.strictObject({
  id: resourceIdSchema,
  keyId: resourceIdSchema,
});
export type ClientKeyParams = z.infer<typeof clientKeyParamsSchema>;

export const listClientKeysQuerySchema = pageQuerySchema;
export type ListClientKeysQuery = z.infer<typeof listClientKeysQuerySchema>;

export const clientKeyPageSchema = pageSchemaOf(clientKeyResourceSchema).meta({
  id: 'ClientKeyPage',
});
export type ClientKeyPage = z.infer<typeof clientKeyPageSchema>;
