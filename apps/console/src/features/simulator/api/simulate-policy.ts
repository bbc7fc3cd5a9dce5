import { useMutation } from '@tanstack/react-query';
import type { PolicySimulationBody, PolicySimulationResult } from '@gatehouse/contracts';
import { apiRequest } from '../../../lib/api-client';

export function simulatePolicy(body: PolicySimulationBody): Promise<PolicySimulationResult> {
  return apiRequest<PolicySimulationResult>('/policy/simulate', { method: 'POST', body });
}

/** Not a change: nothing to invalidate. */
export function useSimulatePolicy() {
  return useMutation({ mutationFn: simulatePolicy });
}
