import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ToolResource, UpdateToolBody } from '@gatehouse/contracts';
import { apiRequest } from '../../../lib/api-client';
import { upstreamToolsQueryKey } from './get-upstream-tools';

export function updateTool(variables: {
  toolId: string;
  upstreamId: string;
  body: UpdateToolBody;
}): Promise<ToolResource> {
  return apiRequest<ToolResource>(`/tools/${variables.toolId}`, {
    method: 'PATCH',
    body: variables.body,
  });
}

export function useUpdateTool() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateTool,
    onSuccess: (_data, variables) =>
      queryClient.invalidateQueries({ queryKey: upstreamToolsQueryKey(variables.upstreamId) }),
  });
}
