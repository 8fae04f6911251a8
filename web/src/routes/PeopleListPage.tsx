import { Link } from 'react-router';
import { Anchor } from '@mantine/core';
import type { Person } from '../lib/types.js';
import { useI18n } from '../i18n/useI18n.js';
import { PhoneLink } from '../components/PhoneLink.js';
import { EmailLink } from '../components/EmailLink.js';
import { TagBadges } from '../components/TagBadges.js';
import { RecordListPage, type ListColumn } from '../features/lists/RecordListPage.js';
import { useUsers } from '../features/users/useUsers.js';
import { useCustomFields } from '../features/records/useCustomFields.js';
import { formatCustomField } from '../features/records/formatCustomField.js';
import { RelationshipTypes } from '../features/records/RelationshipTypes.js';

const DEFAULT_COLUMNS = ['name', 'phone', 'email', 'organisations', 'city', 'tags'];

/** The people list. */
export function PeopleListPage() {
  const { t, formatDate } = useI18n();
  const { nameOf } = useUsers();
  const { fields, labelOf } = useCustomFields('person');

  const columns: ListColumn<Person>[] = [
    {
      id: 'name',
      label: t('col.name'),
      sortKey: 'lastName',
      render: (p) => (
        <Anchor component={Link} to={`/people/${p.id}`} fw={500}>
          {p.displayName}
        </Anchor>
      ),
    },
    { id: 'phone', label: t('col.phone'), render: (p) => (p.phones[0] ? <PhoneLink phone={p.phones[0]} entity={{ type: 'person', id: p.id }} /> : null) },
    { id: 'email', label: t('col.email'), render: (p) => (p.emails[0] ? <EmailLink email={p.emails[0]} entity={{ type: 'person', id: p.id }} /> : null) },
    { id: 'organisations', label: t('col.organisations'), sortKey: 'organisation', render: (p) => p.organisations.map((o) => o.name).join(', ') },
    // Filtered by city, the city the record matched on: its first address may be in another town.
    { id: 'city', label: t('col.city'), sortKey: 'city', render: (p) => p.matchedCity ?? p.addresses[0]?.city ?? '' },
    { id: 'tags', label: t('col.tags'), render: (p) => (p.tags.length ? <TagBadges tags={p.tags} /> : null) },
    { id: 'relationships', label: t('col.relationships'), render: (p) => (p.relationships?.length ? <RelationshipTypes relationships={p.relationships} /> : null) },
    { id: 'owner', label: t('col.owner'), sortKey: 'owner', render: (p) => nameOf(p.ownerId) },
    { id: 'createdAt', label: t('col.createdAt'), sortKey: 'createdAt', render: (p) => formatDate(p.createdAt) },
    { id: 'updatedAt', label: t('col.updatedAt'), sortKey: 'updatedAt', render: (p) => formatDate(p.updatedAt) },
    ...fields.map(
      (field): ListColumn<Person> => ({
        id: `cf.${field.key}`,
        label: labelOf(field),
        sortKey: `cf.${field.key}`,
        render: (p) => formatCustomField(field, p.customFields?.[field.key]),
      }),
    ),
  ];

  return (
    <RecordListPage<Person>
      entityType="person"
      resource="people"
      title={t('people.title')}
      newLabel={t('people.new')}
      newPath="/people/new"
      columns={columns}
      defaultColumns={DEFAULT_COLUMNS}
      defaultSort="lastName"
      rowPath={(p) => `/people/${p.id}`}
    />
  );
}
