import type { CustomFieldDefinition, CustomFieldValue } from '../../lib/types.js';
import { i18n } from '../../i18n/i18n.js';

/** A custom field value as text in the current language (dates and booleans localised). */
export function formatCustomField(field: Pick<CustomFieldDefinition, 'type'> | undefined, value: CustomFieldValue | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  if (typeof value === 'boolean' || field?.type === 'boolean') return i18n.t(value ? 'common.yes' : 'common.no');
  if (field?.type === 'date' && typeof value === 'string') {
    const date = new Date(value);
    if (!Number.isNaN(date.getTime())) {
      // A calendar day, stored as its UTC midnight: shown in UTC, it is the same day everywhere.
      return new Intl.DateTimeFormat(i18n.language === 'fr' ? 'fr-FR' : 'en-GB', { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
    }
  }
  if (typeof value === 'number') return new Intl.NumberFormat(i18n.language === 'fr' ? 'fr-FR' : 'en-GB').format(value);
  return String(value);
}
