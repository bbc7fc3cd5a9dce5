import { queryOptions, useQuery } from '@tanstack/react-query';
import type { ToolDetail } from '@gatehouse/contracts';
import { apiRequest } from '../../../lib/api-client';

export function getTool(toolId: string): Promise<ToolDetail> {
  return apiRequest<ToolDetail>(`/tools/${toolId}`);
}

export function toolQueryKey(toolId: string) {
  return ['tools', toolId] as const;
}

export function toolQueryOptions(toolId: string) {
  return queryOptions({
    queryKey: toolQueryKey(toolId),
    queryFn: () => getTool(toolId),
  });
}

export function useTool(toolId: string) {
  return useQuery(toolQueryOptions(toolId));
}
