import { queryOptions, useQuery } from '@tanstack/react-query';
import type { ClientPage } from '@gatehouse/contracts';
import { apiRequest } from '../../../lib/api-client';

export function getClients(tenantId: string): Promise<ClientPage> {
  return apiRequest<ClientPage>(`/tenants/${tenantId}/clients?limit=200`);
}

export function clientsQueryKey(tenantId: string) {
  return ['tenants', tenantId, 'clients'] as const;
}

export function clientsQueryOptions(tenantId: string) {
  return queryOptions({
    queryKey: clientsQueryKey(tenantId),
    queryFn: () => getClients(tenantId),
    enabled: tenantId !== '',
  });
}

export function useClients(tenantId: string) {
  return useQuery(clientsQueryOptions(tenantId));
}
