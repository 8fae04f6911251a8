import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.js';
import type { CustomFieldDefinition, EntityType } from '../../lib/types.js';
import { useI18n } from '../../i18n/useI18n.js';

/** Custom field definitions of an entity type, with their label in the current language. */
export function useCustomFields(entityType: EntityType) {
  const { lang } = useI18n();
  const query = useQuery({
    queryKey: ['custom-fields', entityType],
    queryFn: () => api.get<{ items: CustomFieldDefinition[] }>('/api/custom-fields', { entityType }),
    staleTime: 5 * 60_000,
  });
  const fields = query.data?.items ?? [];
  return {
    fields,
    labelOf: (field: CustomFieldDefinition) => (lang === 'fr' ? field.labelFr : field.labelEn) || field.key,
  };
}
