import { Inject, Res } from '@nestjs/common';
import {
  auditEventPageSchema,
  auditExportDownloadQuerySchema,
  auditExportSchema,
  auditStatsQuerySchema,
  auditStatsSchema,
  auditVerifyReportSchema,
  createAuditExportSchema,
  idParamsSchema,
  listAuditEventsQuerySchema,
  verifyAuditQuerySchema,
} from '@gatehouse/contracts';
import type {
  AuditEventPage,
  AuditExport,
  AuditExportDownloadQuery,
  AuditStats,
  AuditStatsQuery,
  AuditVerifyReport,
  CreateAuditExport,
  IdParams,
  ListAuditEventsQuery,
  VerifyAuditQuery,
} from '@gatehouse/contracts';
import type { FastifyReply } from 'fastify';
import type { AdminActor } from '../auth/admin-actor.js';
import { CurrentAdmin } from '../auth/change-context.decorator.js';
import { Roles } from '../auth/roles.decorator.js';
import { ApiController } from '../common/api/api-controller.decorator.js';
import { ApiRoute } from '../common/api/api-route.decorator.js';
import { ZodBody, ZodParams, ZodQuery } from '../common/api/zod-input.decorators.js';
import { AuditExportService } from './audit-export.service.js';
import { AuditService } from './audit.service.js';

/** The audit trail is read by auditors and admins; nobody else (403). */
const AUDIT_ROLES = ['auditor', 'admin'] as const;

@ApiController({ path: 'audit', tag: 'Audit' })
export class AuditController {
  constructor(
    @Inject(AuditService) private readonly audit: AuditService,
    @Inject(AuditExportService) private readonly exports: AuditExportService,
  ) {}

  @ApiRoute({
    method: 'GET',
    path: 'events',
    operationId: 'listAuditEvents',
    summary: 'Search audit events, newest first',
    description:
      'Filter by time range (`from`, `to`), tenant, client, tool, status and kind; cursor pagination. Arguments appear as key names and sizes only.',
    response: auditEventPageSchema,
  })
  @Roles(...AUDIT_ROLES)
  list(@ZodQuery(listAuditEventsQuerySchema) query: ListAuditEventsQuery): Promise<AuditEventPage> {
    return this.audit.list(query);
  }

  @ApiRoute({
    method: 'GET',
    path: 'stats',
    operationId: 'getAuditStats',
    summary: 'Per-minute call counts and p95 latency over the last N minutes',
    response: auditStatsSchema,
  })
  @Roles(...AUDIT_ROLES)
  stats(@ZodQuery(auditStatsQuerySchema) query: AuditStatsQuery): Promise<AuditStats> {
    return this.audit.stats(query);
  }

  @ApiRoute({
    method: 'GET',
    path: 'verify',
    operationId: 'verifyAuditChain',
    summary: "Verify tenants' hash chains and name the first break",
    description:
      'Walks each chain (one tenant, or all) in order over the links stored within the range and reports the first edited, deleted, reordered or truncated link.',
    response: auditVerifyReportSchema,
  })
  @Roles(...AUDIT_ROLES)
  verify(@ZodQuery(verifyAuditQuerySchema) query: VerifyAuditQuery): Promise<AuditVerifyReport> {
    return this.audit.verify(query);
  }

  @ApiRoute({
    method: 'POST',
    path: 'exports',
    operationId: 'createAuditExport',
    summary: 'Start an export (CSV or JSON Lines) of a time range and filters',
    status: 202,
    response: auditExportSchema,
    errors: ['unavailable'],
  })
  @Roles(...AUDIT_ROLES)
  createExport(
    @ZodBody(createAuditExportSchema) body: CreateAuditExport,
    @CurrentAdmin() admin: AdminActor,
  ): Promise<AuditExport> {
    return this.exports.create(
      body,
      `${admin.kind === 'session' ? 'user' : 'admin_token'}:${admin.tokenId}`,
    );
  }

  @ApiRoute({
    method: 'GET',
    path: 'exports/:id',
    operationId: 'getAuditExport',
    summary: "An export's status and progress",
    response: auditExportSchema,
    errors: ['not_found'],
  })
  @Roles(...AUDIT_ROLES)
  getExport(@ZodParams(idParamsSchema) params: IdParams): Promise<AuditExport> {
    return this.exports.get(params.id);
  }

  @ApiRoute({
    method: 'GET',
    path: 'exports/:id/download',
    operationId: 'downloadAuditExport',
    summary: "Download a finished export's file, or (`part=manifest`) its signed manifest",
    responseDescription: 'The file (text/csv or application/x-ndjson) or the manifest (JSON)',
    errors: ['not_found', 'conflict'],
  })
  @Roles(...AUDIT_ROLES)
  async download(
    @ZodParams(idParamsSchema) params: IdParams,
    @ZodQuery(auditExportDownloadQuerySchema) query: AuditExportDownloadQuery,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const download = await this.exports.download(params.id, query.part);
    void reply.header('content-disposition', `attachment; filename="${download.name}"`);
    if (download.kind === 'manifest') {
      await reply.status(200).header('content-type', 'application/json').send(download.manifest);
      return;
    }
    await reply
      .status(200)
      .header('content-type', download.format === 'csv' ? 'text/csv' : 'application/x-ndjson')
      .send(download.stream);
  }
}
