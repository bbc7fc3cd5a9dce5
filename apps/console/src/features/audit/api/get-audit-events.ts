import { infiniteQueryOptions, useInfiniteQuery } from '@tanstack/react-query';
import type { AuditEventPage, AuditFilter } from '@gatehouse/contracts';
import { apiRequest, query } from '../../../lib/api-client';

export function getAuditEvents(
  filter: AuditFilter,
  cursor: string | undefined,
): Promise<AuditEventPage> {
  return apiRequest<AuditEventPage>(`/audit/events${query({ ...filter, limit: 50, cursor })}`);
}

export function auditEventsQueryKey(filter: AuditFilter) {
  return ['audit', 'events', filter] as const;
}

export function auditEventsQueryOptions(filter: AuditFilter) {
  return infiniteQueryOptions({
    queryKey: auditEventsQueryKey(filter),
    queryFn: ({ pageParam }) => getAuditEvents(filter, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

export function useAuditEvents(filter: AuditFilter, enabled: boolean) {
  return useInfiniteQuery({ ...auditEventsQueryOptions(filter), enabled });
}
