import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api.js';
import { useAuth } from '../../auth/useAuth.js';

const DUTY_KEY = ['telephony', 'duty'] as const;

/**
 * Whether this front-desk user is on duty (receives the screen pops of calls no extension
 * claims). The server starts everyone on duty; the session does not say more yet.
 */
export function useDuty() {
  const { user } = useAuth();
  const queryClient = useQueryClient();
  const initial = (user as { onDuty?: boolean } | null)?.onDuty ?? true;
  const state = useQuery({ queryKey: DUTY_KEY, queryFn: () => initial, initialData: initial, staleTime: Infinity });
  const set = useMutation({
    mutationFn: (onDuty: boolean) => api.put<{ onDuty: boolean }>('/api/telephony/duty', { onDuty }),
    onSuccess: (result) => queryClient.setQueryData(DUTY_KEY, result.onDuty),
  });
  return { onDuty: state.data, set };
}
