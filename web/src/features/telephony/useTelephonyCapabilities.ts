import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.js';

export interface OriginateCapability {
  integrationId: string;
  name: string;
  kind: 'asterisk' | 'twilio';
}

/**
 * The phone systems this user can place calls through (GET /api/telephony/capabilities): when
 * there is one, phone numbers offer "call through the phone system" beside the `tel:` link.
 * Settings change rarely, so one fetch serves every number on the page for five minutes.
 */
export function useTelephonyCapabilities() {
  return useQuery({
    queryKey: ['telephony', 'capabilities'],
    queryFn: () => api.get<{ originate: OriginateCapability[] }>('/api/telephony/capabilities'),
    staleTime: 5 * 60_000,
  });
}
