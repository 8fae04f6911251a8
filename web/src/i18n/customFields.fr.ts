import type { customFieldsEn } from './customFields.en.js';

// French messages of custom fields in lists and forms (spread into fr.ts): exactly the keys of customFields.en.ts.
export const customFieldsFr: Record<keyof typeof customFieldsEn, string> = {
  'cf.filter.from': '{label} : de',
  'cf.filter.to': '{label} : à',
  'cf.filter.startsWith': 'Commence par…',
  'cf.filter.any': 'Tous',
  'cf.error.number': 'Saisissez un nombre, par ex. 12 ou 4,5.',
  'cf.error.date': 'Saisissez une date.',
  'cf.error.boolean': 'Choisissez oui ou non.',
  'cf.error.choice': 'Choisissez l’une des valeurs proposées.',
  'cf.error.text': 'Saisissez du texte.',
  'cf.error.unknown': 'Ce champ n’existe plus.',
};
