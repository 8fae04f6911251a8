/** What people and organisations have in common in the answers (OpenAPI document only, see server/http/responses.ts). */
import { z } from 'zod';
import { addressView, customFieldValues, emailView, id, nullableId, phoneView, timestamp, version } from '../../http/responses.js';

const partyType = z.enum(['person', 'organisation']);

/** The fields every person and organisation answer carries besides its id and names. */
export const partyFields = {
  displayName: z.string().describe('The name as lists show it'),
  phones: z.array(phoneView),
  emails: z.array(emailView),
  addresses: z.array(addressView).describe('Postal addresses, the main one first'),
  tags: z.array(z.string()),
  customFields: customFieldValues,
  relationships: z
    .array(z.strictObject({ id, type: z.string().describe('Relationship type key: client, carrier, supplier, contact-of…'), targetType: partyType.nullable(), targetId: nullableId }))
    .describe('Relationships this record holds'),
  incomingRelationships: z
    .array(z.strictObject({ id, type: z.string(), sourceType: partyType, sourceId: id }))
    .describe('Relationships other live records hold to this one'),
  ownerId: nullableId.describe('User who owns the record'),
  teamId: nullableId,
  createdAt: timestamp,
  createdBy: nullableId,
  updatedAt: timestamp,
  updatedBy: nullableId,
  version,
};

const duplicateReason = z.enum(['phone', 'email', 'name']);

/** A likely duplicate: same phone, same e-mail or a close name. */
export const duplicateResponse = z.strictObject({
  id,
  type: partyType,
  displayName: z.string(),
  reason: duplicateReason.describe('What they share (the strongest of `reasons`)'),
  reasons: z.array(duplicateReason).min(1).describe('Everything they share, strongest first: phone, e-mail, name'),
});

/** What a creation answers besides the record: the likely duplicates it found (created all the same). */
export const possibleDuplicates = z.array(duplicateResponse).describe('Records that may be the same (created all the same)');

/** What a list's items carry besides the record itself. */
export const listItemFields = {
  matchedCity: z
    .string()
    .optional()
    .describe('With a city filter: the city the record matched on, as written on it (its first address in one of the cities asked for, not always its first address)'),
};

