import type { AuditEventRecord } from '@gatehouse/contracts';

/** CSV columns of an export, in order (argument values are never exported: names only). */
export const CSV_COLUMNS = [
  'id',
  'eventId',
  'kind',
  'occurredAt',
  'receivedAt',
  'tenantId',
  'clientId',
  'userId',
  'nodeId',
  'action',
  'toolName',
  'toolVersion',
  'status',
  'errorCode',
  'latencyMs',
  'argumentKeys',
  'traceId',
  'requestId',
  'chainSeq',
  'hash',
] as const;

function cell(value: string | number | null): string {
  if (value === null) return '';
  // One record per line, always: line breaks inside a value become spaces.
  const text = String(value).replace(/[\r\n]+/g, ' ');
  return /[",]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvHeader(): string {
  return `${CSV_COLUMNS.join(',')}\n`;
}

export function csvLine(record: AuditEventRecord): string {
  const values: (string | number | null)[] = [
    record.id,
    record.eventId,
    record.kind,
    record.occurredAt,
    record.receivedAt,
    record.tenantId,
    record.clientId,
    record.userId,
    record.nodeId,
    record.action,
    record.toolName,
    record.toolVersion,
    record.status,
    record.errorCode,
    record.latencyMs,
    record.arguments.map((argument) => argument.path).join(' '),
    record.traceId,
    record.requestId,
    record.chainSeq,
    record.hash,
  ];
  return `${values.map(cell).join(',')}\n`;
}

export function jsonLine(record: AuditEventRecord): string {
  return `${JSON.stringify(record)}\n`;
}
