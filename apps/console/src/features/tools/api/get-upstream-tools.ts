import { queryOptions, useQuery } from '@tanstack/react-query';
import type { ToolPage } from '@gatehouse/contracts';
import { apiRequest } from '../../../lib/api-client';

export function getUpstreamTools(upstreamId: string): Promise<ToolPage> {
  return apiRequest<ToolPage>(`/upstreams/${upstreamId}/tools?limit=200`);
}

export function upstreamToolsQueryKey(upstreamId: string) {
  return ['upstreams', upstreamId, 'tools'] as const;
}

export function upstreamToolsQueryOptions(upstreamId: string) {
  return queryOptions({
    queryKey: upstreamToolsQueryKey(upstreamId),
    queryFn: () => getUpstreamTools(upstreamId),
    enabled: upstreamId !== '',
  });
}

export function useUpstreamTools(upstreamId: string) {
  return useQuery(upstreamToolsQueryOptions(upstreamId));
}
