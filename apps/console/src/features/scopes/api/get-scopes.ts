import { queryOptions, useQuery } from '@tanstack/react-query';
import type { ScopePage } from '@gatehouse/contracts';
import { apiRequest } from '../../../lib/api-client';

export function getScopes(): Promise<ScopePage> {
  return apiRequest<ScopePage>('/scopes?limit=200');
}

export function scopesQueryKey() {
  return ['scopes'] as const;
}

export function scopesQueryOptions() {
  return queryOptions({
    queryKey: scopesQueryKey(),
    queryFn: () => getScopes(),
  });
}

export function useScopes() {
  return useQuery(scopesQueryOptions());
}
