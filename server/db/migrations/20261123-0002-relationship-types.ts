import type { Kysely } from 'kysely';

/** The relationship types a new installation starts with; admins add more. */
const DEFAULT_TYPES = [
  ['client', 'Client', 'Client'],
  ['carrier', 'Carrier', 'Transporteur'],
  ['supplier', 'Supplier', 'Fournisseur'],
  ['tenant', 'Tenant', 'Locataire'],
  ['landlord', 'Landlord', 'Propriétaire'],
  ['prospect', 'Prospect', 'Prospect'],
  ['partner', 'Partner', 'Partenaire'],
  ['contact-of', 'Contact of', 'Contact de'],
] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  const at = new Date().toISOString();
  await (db as Kysely<{ relationship_types: { key: string; label_en: string; label_fr: string; created_at: string } }>)
    .insertInto('relationship_types')
    .values(DEFAULT_TYPES.map(([key, en, fr]) => ({ key, label_en: en, label_fr: fr, created_at: at })))
    .execute();
}
