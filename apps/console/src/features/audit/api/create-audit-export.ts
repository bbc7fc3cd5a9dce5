import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { AuditExport, CreateAuditExport } from '@gatehouse/contracts';
import { apiRequest } from '../../../lib/api-client';

export function createAuditExport(body: CreateAuditExport): Promise<AuditExport> {
  return apiRequest<AuditExport>('/audit/exports', { method: 'POST', body });
}

export function useCreateAuditExport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createAuditExport,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['audit', 'exports'] }),
  });
}
