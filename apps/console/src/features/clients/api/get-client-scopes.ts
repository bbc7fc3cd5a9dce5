import { queryOptions, useQuery } from '@tanstack/react-query';
import type { ClientScopeGrantPage } from '@gatehouse/contracts';
import { apiRequest } from '../../../lib/api-client';

export function getClientScopes(clientId: string): Promise<ClientScopeGrantPage> {
  return apiRequest<ClientScopeGrantPage>(`/clients/${clientId}/scopes?limit=200`);
}

export function clientScopesQueryKey(clientId: string) {
  return ['clients', clientId, 'scopes'] as const;
}

export function clientScopesQueryOptions(clientId: string) {
  return queryOptions({
    queryKey: clientScopesQueryKey(clientId),
    queryFn: () => getClientScopes(clientId),
  });
}

export function useClientScopes(clientId: string) {
  return useQuery(clientScopesQueryOptions(clientId));
}
