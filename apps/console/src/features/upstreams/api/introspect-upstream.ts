import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { IntrospectionJob } from '@gatehouse/contracts';
import { apiRequest } from '../../../lib/api-client';
import { upstreamsQueryKey } from './get-upstreams';

export function introspectUpstream(variables: { upstreamId: string }): Promise<IntrospectionJob> {
  return apiRequest<IntrospectionJob>(`/upstreams/${variables.upstreamId}/introspect`, {
    method: 'POST',
  });
}

export function useIntrospectUpstream() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: introspectUpstream,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: upstreamsQueryKey() }),
  });
}
