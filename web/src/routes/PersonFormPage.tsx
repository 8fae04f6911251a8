import { useEffect, useState, type FormEvent } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { Alert, Center, Group, Loader, Paper, Stack, TagsInput, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../lib/api.js';
import type { CreatedPerson, OrganisationRef, Person } from '../lib/types.js';
import { useI18n } from '../i18n/useI18n.js';
import { useAuth } from '../auth/useAuth.js';
import { canEditRecord } from '../auth/permissions.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { FormActions } from '../components/FormActions.js';
import { usePerson } from '../features/people/usePerson.js';
import { PossibleDuplicates } from '../features/people/PossibleDuplicates.js';
import { ContactPointsFields, type ContactPointsValue } from '../features/forms/ContactPointsFields.js';
import { OrganisationPicker } from '../features/forms/OrganisationPicker.js';
import { contactPointsFromRecord, contactPointsPayload } from '../features/forms/contactPointsPayload.js';
import { fieldErrors } from '../features/forms/fieldErrors.js';
import { useTags } from '../features/records/useTags.js';
import { useCustomFields } from '../features/records/useCustomFields.js';
import { CustomFieldInputs } from '../features/records/CustomFieldInputs.js';
import { customFieldInputs, customFieldPayload } from '../features/records/customFieldValues.js';
import { callStore } from '../features/telephony/callStore.js';
import { useExpiredSessionDraft } from '../features/forms/formDraft.js';
import { DraftRestoredNotice } from '../features/forms/DraftRestoredNotice.js';

interface PersonFormValues {
  firstName: string;
  lastName: string;
  contact: ContactPointsValue;
  organisations: OrganisationRef[];
  tags: string[];
  /** Custom field values as typed, by key. */
  customFields: Record<string, string>;
}

/** Validation paths that have an input in this form (their message is shown beside it). */
const PERSON_FIELD_PATH =
  /^(firstName|lastName|organisationIds|tags|customFields\.[a-z0-9_]+|phones\.\d+(\.number)?|emails\.\d+(\.address)?|addresses\.\d+\.(street|postalCode|city|country))$/;

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
  };
}

/** Create a person (then review possible duplicates) or edit one (with version check). */
export function PersonFormPage() {
  const { id } = useParams();
  const isEdit = Boolean(id);
  const { t } = useI18n();
  const { user } = useAuth();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const tagOptions = useTags();
  const { fields: customFieldDefs } = useCustomFields('person');
  const existing = usePerson(id);
  const [search] = useSearchParams();
  // Created from a call's screen pop: the caller's number, and the call to tie the person to.
  const fromCall = isEdit ? null : search.get('call');
  const [values, setValues] = useState<PersonFormValues>(() => emptyValues(isEdit ? '' : (search.get('phone') ?? '')));
  const [loadedVersion, setLoadedVersion] = useState<number | null>(null);
  const [nameError, setNameError] = useState<string | null>(null);
  const [created, setCreated] = useState<CreatedPerson | null>(null);
  // The version a restored draft was typed against: sent with the save, so that a colleague's
  // change made meanwhile is a conflict to look at, not overwritten.
  const [draftVersion, setDraftVersion] = useState<number | null>(null);

  // Fill the form once the record arrives (and again after "reload" on a conflict).
  useEffect(() => {
    if (existing.data && existing.data.version !== loadedVersion) {
      setValues(valuesFrom(existing.data));
      setLoadedVersion(existing.data.version);
    }
  }, [existing.data, loadedVersion]);

  // What was typed before the session expired on "save", given back after signing in again.
  const draft = useExpiredSessionDraft<PersonFormValues>(!isEdit || loadedVersion !== null, (restored, version) => {
    setValues(restored);
    setDraftVersion(version);
  });

  const payload = contactPointsPayload(values.contact);
  const save = useMutation({
    meta: { inlineErrors: true },
    mutationFn: () => {
      const body = {
        firstName: values.firstName.trim(),
        lastName: values.lastName.trim(),
        ...payload.body,
        organisationIds: values.organisations.map((o) => o.id),
        tags: values.tags,
        customFields: customFieldPayload(customFieldDefs, values.customFields, isEdit ? existing.data?.customFields : {}),
      };
      const version = draftVersion ?? existing.data?.version ?? null;
      return draft.keepOnExpiry(values, version, () =>
        isEdit ? api.patch<Person>(`/api/people/${id}`, { ...body, version: version ?? undefined }) : api.create<CreatedPerson>('/api/people', body),
      );
    },
    onSuccess: (person) => {
      void queryClient.invalidateQueries({ queryKey: ['people', 'list'] });
      void queryClient.invalidateQueries({ queryKey: ['tags'] });
      const { possibleDuplicates, ...record } = person as CreatedPerson;
      queryClient.setQueryData(['people', 'one', person.id], record);
      if (fromCall) callStore.linkPerson(fromCall, { id: person.id, name: person.displayName });
      if (isEdit) {
        notifications.show({ color: 'teal', message: t('form.saved') });
        navigate(`/people/${person.id}`);
      } else if (possibleDuplicates?.length) {
        setCreated(person as CreatedPerson);
      } else {
        notifications.show({ color: 'teal', message: t('form.created', { name: person.displayName }) });
        navigate(`/people/${person.id}`);
      }
    },
  });

  const errors = fieldErrors(save.error, payload.indexMaps, t);
  // A custom field error is beside its input only if the form has one (a field deleted meanwhile has none).
  const isShown = (path: string) =>
    PERSON_FIELD_PATH.test(path) && (!path.startsWith('customFields.') || customFieldDefs.some((f) => path === `customFields.${f.key}`));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!values.firstName.trim() && !values.lastName.trim()) {
      setNameError(t('form.nameRequired'));
      return;
    }
    setNameError(null);
    save.mutate();
  };

  if (created) {
    return (
      <Stack maw={720}>
        <Title order={2}>{created.displayName}</Title>
        <PossibleDuplicates
          created={{ id: created.id, type: 'person', name: created.displayName }}
          duplicates={created.possibleDuplicates ?? []}
          onContinue={() => navigate(`/people/${created.id}`)}
        />
      </Stack>
    );
  }
  if (isEdit && existing.isPending) {
    return (
      <Center>
        <Loader />
      </Center>
    );
  }
  if (isEdit && existing.error) return <ErrorAlert error={existing.error} />;
  // Reached by its address although the record page offers no edit: say why rather than fail on save.
  if (isEdit && existing.data && !canEditRecord(user, 'person', existing.data)) {
    return (
      <Alert color="yellow" data-testid="edit-not-allowed">
        {t('record.editOwnOnly')}
      </Alert>
    );
  }

  return (
    <Stack maw={720}>
      <Title order={2}>
        {isEdit ? t('form.editPerson', { name: existing.data?.displayName ?? '' }) : t('form.newPerson')}
      </Title>
      {draft.restored && <DraftRestoredNotice onClose={draft.dismiss} />}
      <Paper withBorder p="md">
        <form onSubmit={submit} noValidate data-testid="person-form">
          <Stack>
            <Group grow align="flex-start">
              <TextInput
                label={t('form.firstName')}
                value={values.firstName}
                onChange={(event) => setValues({ ...values, firstName: event.currentTarget.value })}
                error={nameError ?? errors.firstName}
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
            <OrganisationPicker
              value={values.organisations}
              onChange={(organisations) => setValues({ ...values, organisations })}
              error={errors.organisationIds}
            />
            <TagsInput
              label={t('form.tags')}
              placeholder={t('form.tagsPlaceholder')}
              data={tagOptions}
              value={values.tags}
              onChange={(tags) => setValues({ ...values, tags })}
              error={errors.tags}
              clearable
              data-testid="person-tags"
            />
            <CustomFieldInputs
              fields={customFieldDefs}
              value={values.customFields}
              onChange={(customFields) => setValues({ ...values, customFields })}
              errors={errors}
            />
            {save.error && (
              <ErrorAlert
                error={save.error}
                isShown={isShown}
                onReload={async () => {
                  // Keep the alert until the colleague's version is in the form, then start again from it.
                  const fresh = await existing.refetch();
                  if (fresh.data) {
                    setValues(valuesFrom(fresh.data));
                    setLoadedVersion(fresh.data.version);
                    setDraftVersion(null);
                  }
                  save.reset();
                }}
              />
            )}
            <FormActions onCancel={() => navigate(-1)} submitLabel={t('common.save')} pending={save.isPending} submitTestId="person-save" />
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}
