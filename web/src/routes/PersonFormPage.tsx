import { Group, TextInput } from '@mantine/core';
import { useParams, useSearchParams } from 'react-router';
import type { OrganisationRef, Person } from '../lib/types.js';
import { useI18n } from '../i18n/useI18n.js';
import { usePerson } from '../features/people/usePerson.js';
import { ContactPointsFields } from '../features/forms/ContactPointsFields.js';
import { OrganisationPicker } from '../features/forms/OrganisationPicker.js';
import { contactPointsFromRecord } from '../features/forms/contactPointsPayload.js';
import { relationshipsFromRecord } from '../features/forms/relationshipsPayload.js';
import { RecordFormFrame, RecordCommonFields, useRecordForm, type RecordFormValues } from '../features/forms/RecordForm.js';
import { customFieldInputs } from '../features/records/customFieldValues.js';
import { callStore } from '../features/telephony/callStore.js';

interface PersonFormValues extends RecordFormValues {
  firstName: string;
  lastName: string;
  organisations: OrganisationRef[];
}

function emptyValues(phone = ''): PersonFormValues {
  return {
    firstName: '',
    lastName: '',
    // One phone and e-mail row: most new contacts start with one of each. The phone may come
    // from the screen pop of an unknown caller (`?phone=`).
    contact: { phones: [{ number: phone, label: phone ? '' : 'mobile' }], emails: [{ address: '', label: 'work' }], addresses: [] },
    organisations: [],
    tags: [],
    customFields: {},
    relationships: [],
  };
}

function valuesFrom(person: Person): PersonFormValues {
  return {
    firstName: person.firstName ?? '',
    lastName: person.lastName ?? '',
    contact: contactPointsFromRecord(person),
    organisations: person.organisations ?? [],
    tags: person.tags ?? [],
    customFields: customFieldInputs(person.customFields),
    relationships: relationshipsFromRecord(person.relationships),
  };
}

/** Create a person (then review possible duplicates) or edit one (with version check). */
export function PersonFormPage() {
  const { id } = useParams();
  const { t } = useI18n();
  const [search] = useSearchParams();
  // Created from a call's screen pop: the caller's number, and the call to tie the person to.
  const fromCall = id ? null : search.get('call');
  const form = useRecordForm<PersonFormValues, Person>({
    type: 'person',
    id,
    existing: usePerson(id),
    initialValues: () => emptyValues(id ? '' : (search.get('phone') ?? '')),
    valuesFrom,
    ownFields: (values) => ({
      firstName: values.firstName.trim(),
      lastName: values.lastName.trim(),
      organisationIds: values.organisations.map((o) => o.id),
    }),
    ownFieldPaths: 'firstName|lastName|organisationIds',
    nameProblem: (values) => (!values.firstName.trim() && !values.lastName.trim() ? t('form.nameRequired') : null),
    displayName: (person) => person.displayName,
    onSaved: (person) => {
      if (fromCall) callStore.linkPerson(fromCall, { id: person.id, name: person.displayName });
    },
  });
  const { values, setValues, errors } = form;

  return (
    <RecordFormFrame form={form} title={form.isEdit ? t('form.editPerson', { name: form.existing.data?.displayName ?? '' }) : t('form.newPerson')}>
      <Group grow align="flex-start">
        <TextInput
          label={t('form.firstName')}
          value={values.firstName}
          onChange={(event) => setValues({ ...values, firstName: event.currentTarget.value })}
          error={form.nameError ?? errors.firstName}
          autoFocus
          data-testid="person-first-name"
        />
        <TextInput
          label={t('form.lastName')}
          value={values.lastName}
          onChange={(event) => setValues({ ...values, lastName: event.currentTarget.value })}
          error={errors.lastName}
          data-testid="person-last-name"
        />
      </Group>
      <ContactPointsFields value={values.contact} onChange={(contact) => setValues({ ...values, contact })} errors={errors} />
      <OrganisationPicker value={values.organisations} onChange={(organisations) => setValues({ ...values, organisations })} error={errors.organisationIds} />
      <RecordCommonFields form={form} />
    </RecordFormFrame>
  );
}
