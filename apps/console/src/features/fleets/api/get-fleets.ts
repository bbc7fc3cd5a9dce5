import { queryOptions, useQuery } from '@tanstack/react-query';
import type { FleetPage } from '@gatehouse/contracts';
import { apiRequest } from '../../../lib/api-client';

export function getFleets(): Promise<FleetPage> {
  return apiRequest<FleetPage>('/fleets?limit=200');
}

export function fleetsQueryKey() {
  return ['fleets'] as const;
}

export function fleetsQueryOptions() {
  return queryOptions({
    queryKey: fleetsQueryKey(),
    queryFn: () => getFleets(),
  });
}

export function useFleets() {
  return useQuery(fleetsQueryOptions());
}
