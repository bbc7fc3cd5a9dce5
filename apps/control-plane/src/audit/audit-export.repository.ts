import { Inject, Injectable } from '@nestjs/common';
import { createAuditExportSchema } from '@gatehouse/contracts';
import type {
  AuditExport,
  CreateAuditExport,
  SignedAuditExportManifest,
} from '@gatehouse/contracts';
import type { AuditExport as AuditExportRow } from '@gatehouse/db';
import { DatabaseService } from '../database/database.service.js';

export interface StoredExport {
  readonly view: AuditExport;
  readonly filePath: string | null;
  readonly manifest: SignedAuditExportManifest | null;
}

function viewOf(row: AuditExportRow): AuditExport {
  const rowCount = Number(row.rowCount);
  const expectedRows = Number(row.expectedRows);
  return {
    id: row.id,
    format: row.format === 'csv' ? 'csv' : 'jsonl',
    status: row.status as AuditExport['status'],
    query: createAuditExportSchema.parse(row.query),
    requestedBy: row.requestedBy,
    rowCount,
    expectedRows,
    progress:
      row.status === 'done' ? 1 : expectedRows === 0 ? 0 : Math.min(1, rowCount / expectedRows),
    sha256: row.fileSha256,
    error: row.error,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

@Injectable()
export class AuditExportRepository {
  constructor(@Inject(DatabaseService) private readonly database: DatabaseService) {}

  async create(query: CreateAuditExport, requestedBy: string): Promise<AuditExport> {
    const row = await this.database.client.auditExport.create({
      data: {
        format: query.format,
        query: query,
        requestedBy,
      },
    });
    return viewOf(row);
  }

  async find(id: string): Promise<StoredExport | null> {
    const row = await this.database.client.auditExport.findUnique({ where: { id } });
    if (!row) return null;
    return {
      view: viewOf(row),
      filePath: row.filePath,
      manifest: (row.manifest as unknown as SignedAuditExportManifest | null) ?? null,
    };
  }

  async start(id: string, expectedRows: number): Promise<void> {
    await this.database.client.auditExport.update({
      where: { id },
      data: { status: 'running', expectedRows: BigInt(expectedRows), rowCount: 0n, error: null },
    });
  }

  async progress(id: string, rowCount: number): Promise<void> {
    await this.database.client.auditExport.update({
      where: { id },
      data: { rowCount: BigInt(rowCount) },
    });
  }

  async finish(
    id: string,
    result: {
      rowCount: number;
      filePath: string;
      sha256: string;
      manifest: SignedAuditExportManifest;
    },
  ): Promise<void> {
    await this.database.client.auditExport.update({
      where: { id },
      data: {
        status: 'done',
        rowCount: BigInt(result.rowCount),
        filePath: result.filePath,
        fileSha256: result.sha256,
        manifest: result.manifest,
        finishedAt: new Date(),
      },
    });
  }

  async fail(id: string, error: string): Promise<void> {
    await this.database.client.auditExport.update({
      where: { id },
      data: { status: 'failed', error: error.slice(0, 2_000), finishedAt: new Date() },
    });
  }
}
