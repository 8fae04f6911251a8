import type { Address, Email, Phone } from '../../lib/types.js';
import { compactList } from './compactList.js';
import type { AddressRow, ContactPointsValue } from './ContactPointsFields.js';

// The API takes absent optional fields, not nulls; JSON leaves `undefined` out.
const trimmed = (value: string) => value.trim() || undefined;

/** Form rows from a stored record (nulls become empty strings). */
export function contactPointsFromRecord(record: { phones: Phone[]; emails: Email[]; addresses: Address[] }): ContactPointsValue {
  return {
    phones: record.phones.map((p) => ({ number: p.number ?? '', label: p.label ?? '' })),
    emails: record.emails.map((e) => ({ address: e.address ?? '', label: e.label ?? '' })),
    addresses: record.addresses.map((a) => ({
      label: a.label ?? '',
      street: a.street ?? '',
      postalCode: a.postalCode ?? '',
      city: a.city ?? '',
      country: a.country ?? '',
    })),
  };
}

/**
 * The API body for contact points, without empty rows, plus the index maps that put the server's
 * validation paths (phones.0.number) back on the right form rows.
 */
export function contactPointsPayload(value: ContactPointsValue) {
  const phones = compactList(value.phones, (p) => !p.number.trim());
  const emails = compactList(value.emails, (e) => !e.address.trim());
  const addresses = compactList(value.addresses, (a: AddressRow) => ![a.street, a.postalCode, a.city, a.country].some((s) => s.trim()));
  return {
    body: {
      phones: phones.items.map((p) => ({ number: p.number.trim(), label: trimmed(p.label) })),
      emails: emails.items.map((e) => ({ address: e.address.trim(), label: trimmed(e.label) })),
      addresses: addresses.items.map((a) => ({
        label: trimmed(a.label),
        street: trimmed(a.street),
        postalCode: trimmed(a.postalCode),
        city: trimmed(a.city),
        country: trimmed(a.country)?.toUpperCase(),
      })),
    },
    indexMaps: { phones: phones.formIndex, emails: emails.formIndex, addresses: addresses.formIndex },
  };
}
