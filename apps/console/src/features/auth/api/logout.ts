import { useMutation } from '@tanstack/react-query';
import type { LogoutResponse } from '@gatehouse/contracts';
import { apiRequest } from '../../../lib/api-client';

export function logout(): Promise<LogoutResponse> {
  return apiRequest<LogoutResponse>('/auth/logout', { method: 'POST' });
}

/** Ends the session, then follows the answer (the IdP's logout when it has one). */
export function useLogout() {
  return useMutation({
    mutationFn: logout,
    onSuccess: ({ redirectTo }) => {
      window.location.assign(redirectTo);
    },
  });
}
