import { queryOptions, useQuery } from '@tanstack/react-query';
import type { UpstreamPage } from '@gatehouse/contracts';
import { apiRequest } from '../../../lib/api-client';

export function getUpstreams(): Promise<UpstreamPage> {
  return apiRequest<UpstreamPage>('/upstreams?limit=200');
}

export function upstreamsQueryKey() {
  return ['upstreams'] as const;
}

export function upstreamsQueryOptions() {
  return queryOptions({
    queryKey: upstreamsQueryKey(),
    queryFn: () => getUpstreams(),
  });
}

export function useUpstreams() {
  return useQuery(upstreamsQueryOptions());
}
