import { z } from 'zod';
import { isoDateTimeSchema } from './common.schema.js';
import { auditFilterSchema } from './audit.schema.js';

export const auditExportFormatSchema = z.enum(['csv', 'jsonl']);
export type AuditExportFormat = z.infer<typeof auditExportFormatSchema>;

export const createAuditExportSchema = z
  .strictObject({
    format: auditExportFormatSchema,
    from: isoDateTimeSchema,
    to: isoDateTimeSchema,
    tenant: auditFilterSchema.shape.tenant,
    client: auditFilterSchema.shape.client,
    tool: auditFilterSchema.shape.tool,
    status: auditFilterSchema.shape.status,
    kind: auditFilterSchema.shape.kind,
  })
  .refine((body) => body.from < body.to, { message: 'from must be before to', path: ['to'] })
  .meta({ id: 'CreateAuditExport' });
export type CreateAuditExport = z.infer<typeof createAuditExportSchema>;

/**
 * What the signature covers. `sha256` is the file's digest; `chainHeads` are the newest link
 * of each exported tenant's chain when the export ran, so an auditor can later check that
 * the stored chain still extends them.
 */
export const auditExportManifestSchema = z
  .object({
    v: z.literal(1),
    exportId: z.string(),
    format: auditExportFormatSchema,
    fileName: z.string(),
    rowCount: z.number().int().nonnegative(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    range: z.object({ from: isoDateTimeSchema, to: isoDateTimeSchema }),
    filters: z.record(z.string(), z.string()),
    chainHeads: z.array(z.object({ chain: z.string(), seq: z.string(), hash: z.string() })),
    createdAt: isoDateTimeSchema,
    kid: z.string(),
  })
  .meta({ id: 'AuditExportManifest' });
export type AuditExportManifest = z.infer<typeof auditExportManifestSchema>;

/** The manifest file: the manifest and a compact JWS (EdDSA) whose payload is exactly it. */
export const signedAuditExportManifestSchema = z
  .object({ manifest: auditExportManifestSchema, signature: z.string() })
  .meta({ id: 'SignedAuditExportManifest' });
export type SignedAuditExportManifest = z.infer<typeof signedAuditExportManifestSchema>;

export const auditExportSchema = z
  .object({
    id: z.string(),
    format: auditExportFormatSchema,
    status: z.enum(['queued', 'running', 'done', 'failed']),
    query: createAuditExportSchema,
    requestedBy: z.string(),
    rowCount: z.number().int(),
    expectedRows: z.number().int(),
    progress: z.number().min(0).max(1),
    sha256: z.string().nullable(),
    error: z.string().nullable(),
    createdAt: isoDateTimeSchema,
    finishedAt: isoDateTimeSchema.nullable(),
  })
  .meta({ id: 'AuditExport' });
export type AuditExport = z.infer<typeof auditExportSchema>;

export const auditExportDownloadQuerySchema = z
  .strictObject({
    part: z.enum(['file', 'manifest']).default('file').describe('The export file or its manifest'),
  })
  .meta({ id: 'AuditExportDownloadQuery' });
export type AuditExportDownloadQuery = z.infer<typeof auditExportDownloadQuerySchema>;
