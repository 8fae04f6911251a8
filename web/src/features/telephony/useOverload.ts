import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api.js';

export const OVERLOAD_KEY = ['telephony', 'overload'] as const;

/** Overload mode (one switch for managers and admins); kept current by the `telephony.overload` live event. */
export function useOverload() {
  const queryClient = useQueryClient();
  const state = useQuery({
    queryKey: OVERLOAD_KEY,
    queryFn: () => api.get<{ enabled: boolean }>('/api/telephony/overload'),
    staleTime: 60_000,
  });
  const set = useMutation({
    mutationFn: (enabled: boolean) => api.put<{ enabled: boolean }>('/api/telephony/overload', { enabled }),
    // The switch moves at once; it moves back if the server refuses.
    onMutate: async (enabled) => {
      await queryClient.cancelQueries({ queryKey: OVERLOAD_KEY });
      const previous = queryClient.getQueryData<{ enabled: boolean }>(OVERLOAD_KEY);
      queryClient.setQueryData(OVERLOAD_KEY, { enabled });
      return { previous };
    },
    onError: (_error, _enabled, context) => {
      if (context?.previous) queryClient.setQueryData(OVERLOAD_KEY, context.previous);
    },
    onSuccess: (result) => queryClient.setQueryData(OVERLOAD_KEY, result),
  });
  return { enabled: state.data?.enabled ?? false, loaded: state.isSuccess, set };
}
