import { queryOptions, useQuery } from '@tanstack/react-query';
import type { TenantPage } from '@gatehouse/contracts';
import { apiRequest } from '../../../lib/api-client';

export function getTenants(): Promise<TenantPage> {
  return apiRequest<TenantPage>('/tenants?limit=200');
}

export const tenantsQueryKey = ['tenants'] as const;

export function tenantsQueryOptions() {
  return queryOptions({ queryKey: tenantsQueryKey, queryFn: getTenants });
}

export function useTenants() {
  return useQuery(tenantsQueryOptions());
}
