// English messages of custom fields in lists and forms (spread into en.ts). customFields.fr.ts must
// define exactly the same keys. `{label}` marks an interpolated value.
export const customFieldsEn = {
  'cf.filter.from': '{label}: from',
  'cf.filter.to': '{label}: to',
  'cf.filter.startsWith': 'Starts with…',
  'cf.filter.any': 'Any',
  'cf.error.number': 'Enter a number, e.g. 12 or 4,5.',
  'cf.error.date': 'Enter a date.',
  'cf.error.boolean': 'Choose yes or no.',
  'cf.error.choice': 'Choose one of the options.',
  'cf.error.text': 'Enter text.',
  'cf.error.unknown': 'This field no longer exists.',
} as const;
