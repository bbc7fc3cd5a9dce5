import { queryOptions, useQuery } from '@tanstack/react-query';
import type { AuditStats } from '@gatehouse/contracts';
import { apiRequest } from '../../../lib/api-client';

export function getAuditStats(minutes: number): Promise<AuditStats> {
  return apiRequest<AuditStats>(`/audit/stats?minutes=${minutes}`);
}

export function auditStatsQueryKey(minutes: number) {
  return ['audit', 'stats', minutes] as const;
}

/** Live traffic: refreshed every 10 s. */
export function auditStatsQueryOptions(minutes: number) {
  return queryOptions({
    queryKey: auditStatsQueryKey(minutes),
    queryFn: () => getAuditStats(minutes),
    refetchInterval: 10_000,
  });
}

export function useAuditStats(minutes: number, enabled: boolean) {
  return useQuery({ ...auditStatsQueryOptions(minutes), enabled });
}
