import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ClientScopeGrant } from '@gatehouse/contracts';
import { apiRequest } from '../../../lib/api-client';
import { clientScopesQueryKey } from './get-client-scopes';

export function grantClientScope(variables: {
  clientId: string;
  scope: string;
}): Promise<ClientScopeGrant> {
  return apiRequest<ClientScopeGrant>(
    `/clients/${variables.clientId}/scopes/${encodeURIComponent(variables.scope)}`,
    { method: 'PUT' },
  );
}

export function useGrantClientScope() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: grantClientScope,
    onSuccess: (_data, variables) =>
      queryClient.invalidateQueries({ queryKey: clientScopesQueryKey(variables.clientId) }),
  });
}
