import { Link } from 'react-router';
import { Anchor } from '@mantine/core';
import type { Organisation } from '../lib/types.js';
import { useI18n } from '../i18n/useI18n.js';
import { PhoneLink } from '../components/PhoneLink.js';
import { EmailLink } from '../components/EmailLink.js';
import { TagBadges } from '../components/TagBadges.js';
import { RecordListPage, type ListColumn } from '../features/lists/RecordListPage.js';
import { useUsers } from '../features/users/useUsers.js';
import { useCustomFields } from '../features/records/useCustomFields.js';
import { formatCustomField } from '../features/records/formatCustomField.js';
import { RelationshipTypes } from '../features/records/RelationshipTypes.js';

const DEFAULT_COLUMNS = ['name', 'phone', 'email', 'city', 'tags', 'members'];

/** The organisations list. */
export function OrganisationsListPage() {
  const { t, formatDate } = useI18n();
  const { nameOf } = useUsers();
  const { fields, labelOf } = useCustomFields('organisation');

  const columns: ListColumn<Organisation>[] = [
    {
      id: 'name',
      label: t('col.name'),
      sortKey: 'name',
      render: (o) => (
        <Anchor component={Link} to={`/organisations/${o.id}`} fw={500}>
          {o.name}
        </Anchor>
      ),
    },
    { id: 'phone', label: t('col.phone'), render: (o) => (o.phones[0] ? <PhoneLink phone={o.phones[0]} entity={{ type: 'organisation', id: o.id }} /> : null) },
    { id: 'email', label: t('col.email'), render: (o) => (o.emails[0] ? <EmailLink email={o.emails[0]} entity={{ type: 'organisation', id: o.id }} /> : null) },
    // Filtered by city, the city the record matched on: its first address may be in another town.
    { id: 'city', label: t('col.city'), sortKey: 'city', render: (o) => o.matchedCity ?? o.addresses[0]?.city ?? '' },
    { id: 'tags', label: t('col.tags'), render: (o) => (o.tags.length ? <TagBadges tags={o.tags} /> : null) },
    { id: 'relationships', label: t('col.relationships'), render: (o) => (o.relationships?.length ? <RelationshipTypes relationships={o.relationships} /> : null) },
    { id: 'members', label: t('col.members'), render: (o) => o.memberIds?.length ?? 0 },
    { id: 'owner', label: t('col.owner'), sortKey: 'owner', render: (o) => nameOf(o.ownerId) },
    { id: 'createdAt', label: t('col.createdAt'), sortKey: 'createdAt', render: (o) => formatDate(o.createdAt) },
    { id: 'updatedAt', label: t('col.updatedAt'), sortKey: 'updatedAt', render: (o) => formatDate(o.updatedAt) },
    ...fields.map(
      (field): ListColumn<Organisation> => ({
        id: `cf.${field.key}`,
        label: labelOf(field),
        sortKey: `cf.${field.key}`,
        render: (o) => formatCustomField(field, o.customFields?.[field.key]),
      }),
    ),
  ];

  return (
    <RecordListPage<Organisation>
      entityType="organisation"
      resource="organisations"
      title={t('organisations.title')}
      newLabel={t('organisations.new')}
      newPath="/organisations/new"
      columns={columns}
      defaultColumns={DEFAULT_COLUMNS}
      defaultSort="name"
      rowPath={(o) => `/organisations/${o.id}`}
    />
  );
}
