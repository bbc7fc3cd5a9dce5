import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { CreateScopeBody, ScopeResource } from '@gatehouse/contracts';
import { apiRequest } from '../../../lib/api-client';
import { scopesQueryKey } from './get-scopes';

export function createScope(variables: CreateScopeBody): Promise<ScopeResource> {
  return apiRequest<ScopeResource>('/scopes', { method: 'POST', body: variables });
}

export function useCreateScope() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createScope,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: scopesQueryKey() }),
  });
}
