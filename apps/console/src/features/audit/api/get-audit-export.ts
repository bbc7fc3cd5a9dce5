import { queryOptions, useQuery } from '@tanstack/react-query';
import type { AuditExport } from '@gatehouse/contracts';
import { apiRequest } from '../../../lib/api-client';

export function getAuditExport(id: string): Promise<AuditExport> {
  return apiRequest<AuditExport>(`/audit/exports/${id}`);
}

export function auditExportQueryKey(id: string) {
  return ['audit', 'exports', id] as const;
}

/** Polled every second until the export is done or failed. */
export function auditExportQueryOptions(id: string) {
  return queryOptions({
    queryKey: auditExportQueryKey(id),
    queryFn: () => getAuditExport(id),
    refetchInterval: (current) =>
      current.state.data?.status === 'done' || current.state.data?.status === 'failed'
        ? false
        : 1000,
  });
}

export function useAuditExport(id: string) {
  return useQuery(auditExportQueryOptions(id));
}

/** Where the browser downloads an export's file or signed manifest. */
export function auditExportDownloadUrl(id: string, part: 'file' | 'manifest'): string {
  return `/api/v1/audit/exports/${id}/download?part=${part}`;
}
