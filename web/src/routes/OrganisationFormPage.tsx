import { TextInput } from '@mantine/core';
import { useParams } from 'react-router';
import type { Organisation } from '../lib/types.js';
import { useI18n } from '../i18n/useI18n.js';
import { useOrganisation } from '../features/organisations/useOrganisation.js';
import { ContactPointsFields } from '../features/forms/ContactPointsFields.js';
import { contactPointsFromRecord } from '../features/forms/contactPointsPayload.js';
import { relationshipsFromRecord } from '../features/forms/relationshipsPayload.js';
import { RecordFormFrame, RecordCommonFields, useRecordForm, type RecordFormValues } from '../features/forms/RecordForm.js';
import { customFieldInputs } from '../features/records/customFieldValues.js';

interface OrganisationFormValues extends RecordFormValues {
  name: string;
}

const emptyValues = (): OrganisationFormValues => ({
  name: '',
  contact: { phones: [{ number: '', label: 'work' }], emails: [{ address: '', label: 'work' }], addresses: [] },
  tags: [],
  customFields: {},
  relationships: [],
});

function valuesFrom(organisation: Organisation): OrganisationFormValues {
  return {
    name: organisation.name,
    contact: contactPointsFromRecord(organisation),
    tags: organisation.tags,
    customFields: customFieldInputs(organisation.customFields),
    relationships: relationshipsFromRecord(organisation.relationships),
  };
}

/** Create an organisation (then review possible duplicates) or edit one (with version check). */
export function OrganisationFormPage() {
  const { id } = useParams();
  const { t } = useI18n();
  const form = useRecordForm<OrganisationFormValues, Organisation>({
    type: 'organisation',
    id,
    existing: useOrganisation(id),
    initialValues: emptyValues,
    valuesFrom,
    ownFields: (values) => ({ name: values.name.trim() }),
    ownFieldPaths: 'name',
    nameProblem: (values) => (values.name.trim() ? null : t('common.required')),
    displayName: (organisation) => organisation.name,
  });
  const { values, setValues, errors } = form;

  return (
    <RecordFormFrame form={form} title={form.isEdit ? t('form.editOrganisation', { name: form.existing.data?.name ?? '' }) : t('form.newOrganisation')}>
      <TextInput
        label={t('form.name')}
        value={values.name}
        onChange={(event) => setValues({ ...values, name: event.currentTarget.value })}
        error={form.nameError ?? errors.name}
        required
        autoFocus
        data-testid="organisation-name"
      />
      <ContactPointsFields value={values.contact} onChange={(contact) => setValues({ ...values, contact })} errors={errors} />
      <RecordCommonFields form={form} />
    </RecordFormFrame>
  );
}
