import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.js';
import type { Page } from '../../lib/types.js';
import { useI18n } from '../../i18n/useI18n.js';
import type { RelationshipType } from './types.js';

/** Relationship type labels in the user's language (client, carrier, tenant…); unknown keys as written. */
export function useRelationshipLabel() {
  const { lang } = useI18n();
  const types = useQuery({
    queryKey: ['relationship-types'],
    queryFn: () => api.get<Page<RelationshipType>>('/api/relationship-types'),
    staleTime: 10 * 60_000,
  });
  const byKey = new Map((types.data?.items ?? []).map((r) => [r.key, r]));
  return (key: string) => {
    const type = byKey.get(key);
    return type ? (lang === 'fr' ? type.labelFr : type.labelEn) : key;
  };
}
