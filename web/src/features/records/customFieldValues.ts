import type { CustomFieldDefinition, CustomFieldValue } from '../../lib/types.js';
import type { MessageKey } from '../../i18n/Dictionary.js';
import { parseDecimal } from '../requests/fieldValues.js';

/** Form text of stored custom field values, by key: booleans as 'true'/'false', numbers as written by JSON. */
export function customFieldInputs(values: Record<string, CustomFieldValue> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(values ?? {}).map(([key, value]) => [key, value === null || value === undefined ? '' : String(value)]));
}

/**
 * The `customFields` body from what was typed. Numbers may be written the French way ("4,5",
 * "1 200"); text that is not a number is sent as typed so the server's message lands on the field.
 * An emptied field the record had is sent as null (removed); empty fields it never had are left out.
 */
export function customFieldPayload(
  fields: CustomFieldDefinition[],
  inputs: Record<string, string>,
  stored: Record<string, CustomFieldValue> | undefined = {},
): Record<string, CustomFieldValue> {
  const body: Record<string, CustomFieldValue> = {};
  for (const f of fields) {
    const text = (inputs[f.key] ?? '').trim();
    if (text === '') {
      if (stored[f.key] !== undefined && stored[f.key] !== null) body[f.key] = null;
      continue;
    }
    let value: CustomFieldValue = text;
    if (f.type === 'number') {
      const number = parseDecimal(text);
      value = number === undefined || Number.isNaN(number) ? text : number;
    } else if (f.type === 'boolean') {
      value = text === 'true';
    }
    if (value !== stored[f.key]) body[f.key] = value;
  }
  return body;
}

/** A number filter as the API reads it: "4,5" -> "4.5", "1 200" -> "1200"; anything else as typed. */
export function numberFilterValue(text: string): string {
  const number = parseDecimal(text);
  return number === undefined ? '' : Number.isNaN(number) ? text.trim() : String(number);
}

const SERVER_MESSAGES: [prefix: string, key: MessageKey][] = [
  ['expected a number', 'cf.error.number'],
  ['expected a date', 'cf.error.date'],
  ['expected true or false', 'cf.error.boolean'],
  ['expected one of', 'cf.error.choice'],
  ['expected text', 'cf.error.text'],
  ['unknown custom field', 'cf.error.unknown'],
];

/** The server's English message about a custom field value as a message key, when it is a known one. */
export function customFieldErrorKey(message: string | undefined): MessageKey | undefined {
  if (!message) return undefined;
  return SERVER_MESSAGES.find(([prefix]) => message.startsWith(prefix))?.[1];
}
