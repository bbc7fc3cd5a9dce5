import { useMutation, useQueryClient } from '@tanstack/react-query';
import type {} from '@gatehouse/contracts';
import { apiRequest } from '../../../lib/api-client';
import { clientScopesQueryKey } from './get-client-scopes';

export function revokeClientScope(variables: { clientId: string; scope: string }): Promise<void> {
  return apiRequest<void>(
    `/clients/${variables.clientId}/scopes/${encodeURIComponent(variables.scope)}`,
    { method: 'DELETE' },
  );
}

export function useRevokeClientScope() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: revokeClientScope,
    onSuccess: (_data, variables) =>
      queryClient.invalidateQueries({ queryKey: clientScopesQueryKey(variables.clientId) }),
  });
}
