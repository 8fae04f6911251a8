import countries from 'i18n-iso-countries';
import { z } from 'zod';
import { recordId, totalParam } from '../../http/schemas.js';

/** Contact points and descriptive data shared by people and organisations. */
export const phoneInput = z
  .object({
    number: z.string().trim().min(1).max(60).describe('As written: "06 12 34 56 78", "+33 6 12 34 56 78"…'),
    label: z.string().trim().max(60).optional().describe('e.g. mobile, work, switchboard'),
  })
  .strict();

export const emailInput = z
  .object({
    address: z.string().trim().toLowerCase().pipe(z.email()).describe('E-mail address'),
    label: z.string().trim().max(60).optional(),
  })
  .strict();

/** E-mails of one record: an address given twice (in any case) is kept once, as first given. */
const emailList = z
  .array(emailInput)
  .max(20)
  .transform((emails) => emails.filter((e, i) => emails.findIndex((other) => other.address === e.address) === i));

export const addressInput = z
  .object({
    label: z.string().trim().max(60).optional(),
    street: z.string().trim().max(500).optional(),
    postalCode: z.string().trim().max(20).optional().describe('Refused when it cannot be a postal code of the address’s country ("ABCDE" in FR); not checked without a country or for a country whose format is not known'),
    city: z.string().trim().max(120).optional(),
    country: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{2}$/, { message: 'ISO 3166 alpha-2 code, e.g. FR', abort: true })
      // The shape is not enough: "ZZ" or "UK" (the United Kingdom is GB) would be kept as a country.
      .refine((code) => countries.isValid(code), 'not an ISO 3166 country code (the United Kingdom is GB), e.g. FR')
      .optional(),
  })
  .strict()
  .refine((a) => Boolean(a.street || a.postalCode || a.city || a.country), { message: 'an address needs a street, a postal code, a city or a country' });

export const tagList = z
  // NFC: "été" typed with combining accents (macOS, a pasted PDF) is the same tag as the precomposed one.
  .array(z.string().trim().normalize('NFC').toLowerCase().min(1).max(60))
  .max(100)
  .transform((tags) => [...new Set(tags)]);

export const customFieldValues = z
  // Text values up to 500 characters: a field, not a note (long texts belong in an interaction's body),
  // and short enough for the indexes that filter and sort them on PostgreSQL.
  .record(z.string().regex(/^[a-z][a-z0-9_]{0,59}$/), z.union([z.string().max(500), z.number(), z.boolean(), z.null()]))
  .describe('Values of custom fields defined for this type, by key');

export const relationshipInput = z
  .object({
    type: z.string().trim().min(1).max(40).describe('Relationship type key: client, carrier, supplier, tenant, prospect, contact-of…'),
    targetType: z.enum(['person', 'organisation']).optional(),
    targetId: recordId.optional(),
  })
  .strict();

/** Fields both kinds accept on create and update. */
export const partyFields = {
  phones: z.array(phoneInput).max(20).optional(),
  emails: emailList.optional(),
  addresses: z.array(addressInput).max(10).optional(),
  tags: tagList.optional(),
  customFields: customFieldValues.optional(),
  // The same link twice is one link, as the same organisation twice is one membership.
  relationships: z
    .array(relationshipInput)
    .max(50)
    .transform((links) => [...new Map(links.map((l) => [`${l.type}|${l.targetType ?? ''}|${l.targetId ?? ''}`, l])).values()])
    .optional(),
  ownerId: recordId.nullable().optional().describe('User who owns the record'),
  teamId: recordId.nullable().optional(),
};

export const CUSTOM_FILTERS_HELP =
  'Custom field filters: cf.KEY=value (any type; boolean true/false, date YYYY-MM-DD), cf.KEY.min and cf.KEY.max (number and date, inclusive), cf.KEY.prefix (text); text values and prefixes ignore case and accents';

/** How many values one list filter takes (`tag=a&tag=b…`): enough for any screen, few enough to stay one index lookup each. */
export const MAX_FILTER_VALUES = 20;

/**
 * A filter taking one value or several: the parameter given once (`tag=vip`) or repeated
 * (`tag=vip&tag=export`, which Fastify's query parser hands over as an array) lists the records
 * having any of them. Read as a list, empty values dropped.
 */
function severalValues(value: z.ZodString, description: string) {
  return z
    .union([value, z.array(value)])
    .refine((v) => !Array.isArray(v) || v.length <= MAX_FILTER_VALUES, { message: `at most ${MAX_FILTER_VALUES} values` })
    .transform((v) => (Array.isArray(v) ? v : [v]).filter((item) => item !== ''))
    .optional()
    .describe(description);
}
const anyOf = (value: z.ZodString, what: string) => severalValues(value, `${what}; repeat the parameter for several (any of them, up to ${MAX_FILTER_VALUES})`);

export const MISSING_HELP =
  'Records with no value for a filter: ownerId (no owner), tag (no tag), city (no address with a city), relationship (no relationship), ' +
  `organisationId (people: in no live organisation), cf.KEY (custom field empty); repeat for several (none of them, up to ${MAX_FILTER_VALUES}). ` +
  'Not together with a value filter on the same field (400 naming missing).';

export const listQueryFields = {
  q: z.string().max(200).optional().describe('Full-text filter'),
  tag: anyOf(z.string().max(60), 'Tag'),
  ownerId: anyOf(recordId, 'Owner (user id)'),
  city: anyOf(z.string().max(120), 'City (case, accents and hyphens ignored)'),
  relationship: anyOf(z.string().max(40), 'Relationship type key'),
  missing: severalValues(z.string().max(80), MISSING_HELP),
  sort: z.string().max(80).optional().describe('field or -field (descending): the names, createdAt, updatedAt, city, owner, organisation (people); custom fields as cf.KEY'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
  total: totalParam,
};

export const idParams = z.object({ id: z.string().min(1).max(36) }).strict();

export type PhoneInput = z.infer<typeof phoneInput>;
export type EmailInput = z.infer<typeof emailInput>;
export type AddressInput = z.infer<typeof addressInput>;
export type RelationshipInput = z.infer<typeof relationshipInput>;
export type CustomFieldInput = z.infer<typeof customFieldValues>;
