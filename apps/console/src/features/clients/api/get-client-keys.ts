import { queryOptions, useQuery } from '@tanstack/react-query';
import type { ClientKeyPage } from '@gatehouse/contracts';
import { apiRequest } from '../../../lib/api-client';

export function getClientKeys(clientId: string): Promise<ClientKeyPage> {
  return apiRequest<ClientKeyPage>(`/clients/${clientId}/keys?limit=200`);
}

export function clientKeysQueryKey(clientId: string) {
  return ['clients', clientId, 'keys'] as const;
}

export function clientKeysQueryOptions(clientId: string) {
  return queryOptions({
    queryKey: clientKeysQueryKey(clientId),
    queryFn: () => getClientKeys(clientId),
  });
}

export function useClientKeys(clientId: string) {
  return useQuery(clientKeysQueryOptions(clientId));
}
