import { queryOptions, useQuery } from '@tanstack/react-query';
import type { ConfigChangePage } from '@gatehouse/contracts';
import { apiRequest, query } from '../../../lib/api-client';

export function getConfigHistory(entityType: string): Promise<ConfigChangePage> {
  return apiRequest<ConfigChangePage>(`/config-history${query({ limit: 100, entityType })}`);
}

export function configHistoryQueryKey(entityType: string) {
  return ['config-history', entityType] as const;
}

export function configHistoryQueryOptions(entityType: string) {
  return queryOptions({
    queryKey: configHistoryQueryKey(entityType),
    queryFn: () => getConfigHistory(entityType),
  });
}

export function useConfigHistory(entityType: string) {
  return useQuery(configHistoryQueryOptions(entityType));
}
