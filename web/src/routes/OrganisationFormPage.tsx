import { useEffect, useState, type FormEvent } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Alert, Center, Loader, Paper, Stack, TagsInput, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../lib/api.js';
import type { Organisation, PossibleDuplicate } from '../lib/types.js';
import { useI18n } from '../i18n/useI18n.js';
import { useAuth } from '../auth/useAuth.js';
import { canEditRecord } from '../auth/permissions.js';
import { ErrorAlert } from '../components/ErrorAlert.js';
import { FormActions } from '../components/FormActions.js';
import { useOrganisation } from '../features/organisations/useOrganisation.js';
import { PossibleDuplicates } from '../features/people/PossibleDuplicates.js';
import { ContactPointsFields, type ContactPointsValue } from '../features/forms/ContactPointsFields.js';
import { contactPointsFromRecord, contactPointsPayload } from '../features/forms/contactPointsPayload.js';
import { fieldErrors } from '../features/forms/fieldErrors.js';
import { useTags } from '../features/records/useTags.js';
import { useCustomFields } from '../features/records/useCustomFields.js';
import { CustomFieldInputs } from '../features/records/CustomFieldInputs.js';
import { customFieldInputs, customFieldPayload } from '../features/records/customFieldValues.js';
import { useExpiredSessionDraft } from '../features/forms/formDraft.js';
import { DraftRestoredNotice } from '../features/forms/DraftRestoredNotice.js';

type CreatedOrganisation = Organisation & { possibleDuplicates?: PossibleDuplicate[] };

interface OrganisationFormValues {
  name: string;
  contact: ContactPointsValue;
  tags: string[];
  /** Custom field values as typed, by key. */
  customFields: Record<string, string>;
}

const ORGANISATION_FIELD_PATH =
  /^(name|tags|customFields\.[a-z0-9_]+|phones\.\d+(\.number)?|emails\.\d+(\.address)?|addresses\.\d+\.(street|postalCode|city|country))$/;

/** Create or edit an organisation: name, contact points, tags and custom fields. */
export function OrganisationFormPage() {
  const { id } = useParams();
  const isEdit = Boolean(id);
  const { t } = useI18n();
  const { user } = useAuth();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const tagOptions = useTags();
  const { fields: customFieldDefs } = useCustomFields('organisation');
  const existing = useOrganisation(id);
  const [values, setValues] = useState<OrganisationFormValues>({
    name: '',
    contact: { phones: [{ number: '', label: 'work' }], emails: [{ address: '', label: 'work' }], addresses: [] },
    tags: [],
    customFields: {},
  });
  const [loadedVersion, setLoadedVersion] = useState<number | null>(null);
  const [nameError, setNameError] = useState<string | null>(null);
  const [created, setCreated] = useState<CreatedOrganisation | null>(null);
  // The version a restored draft was typed against (see PersonFormPage).
  const [draftVersion, setDraftVersion] = useState<number | null>(null);

  useEffect(() => {
    if (existing.data && existing.data.version !== loadedVersion) {
      setValues({
        name: existing.data.name,
        contact: contactPointsFromRecord(existing.data),
        tags: existing.data.tags,
        customFields: customFieldInputs(existing.data.customFields),
      });
      setLoadedVersion(existing.data.version);
    }
  }, [existing.data, loadedVersion]);

  // What was typed before the session expired on "save", given back after signing in again.
  const draft = useExpiredSessionDraft<OrganisationFormValues>(!isEdit || loadedVersion !== null, (restored, version) => {
    setValues(restored);
    setDraftVersion(version);
  });

  const payload = contactPointsPayload(values.contact);
  const save = useMutation({
    meta: { inlineErrors: true },
    mutationFn: () => {
      const body = {
        name: values.name.trim(),
        ...payload.body,
        tags: values.tags,
        customFields: customFieldPayload(customFieldDefs, values.customFields, isEdit ? existing.data?.customFields : {}),
      };
      const version = draftVersion ?? existing.data?.version ?? null;
      return draft.keepOnExpiry(values, version, () =>
        isEdit
          ? api.patch<Organisation>(`/api/organisations/${id}`, { ...body, version: version ?? undefined })
          : api.create<CreatedOrganisation>('/api/organisations', body),
      );
    },
    onSuccess: (organisation) => {
      void queryClient.invalidateQueries({ queryKey: ['organisations', 'list'] });
      void queryClient.invalidateQueries({ queryKey: ['tags'] });
      const { possibleDuplicates, ...record } = organisation as CreatedOrganisation;
      queryClient.setQueryData(['organisations', 'one', organisation.id], record);
      if (!isEdit && possibleDuplicates?.length) {
        setCreated(organisation as CreatedOrganisation);
        return;
      }
      notifications.show({
        color: 'teal',
        message: isEdit ? t('form.saved') : t('form.created', { name: organisation.name }),
      });
      navigate(`/organisations/${organisation.id}`);
    },
  });

  const errors = fieldErrors(save.error, payload.indexMaps, t);
  // A custom field error is beside its input only if the form has one (a field deleted meanwhile has none).
  const isShown = (path: string) =>
    ORGANISATION_FIELD_PATH.test(path) && (!path.startsWith('customFields.') || customFieldDefs.some((f) => path === `customFields.${f.key}`));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!values.name.trim()) {
      setNameError(t('common.required'));
      return;
    }
    setNameError(null);
    save.mutate();
  };

  if (created) {
    return (
      <Stack maw={720}>
        <Title order={2}>{created.name}</Title>
        <PossibleDuplicates
          created={{ id: created.id, type: 'organisation', name: created.name }}
          duplicates={created.possibleDuplicates ?? []}
          onContinue={() => navigate(`/organisations/${created.id}`)}
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
  if (isEdit && existing.data && !canEditRecord(user, 'organisation', existing.data)) {
    return (
      <Alert color="yellow" data-testid="edit-not-allowed">
        {t('record.editOwnOnly')}
      </Alert>
    );
  }

  return (
    <Stack maw={720}>
      <Title order={2}>
        {isEdit ? t('form.editOrganisation', { name: existing.data?.name ?? '' }) : t('form.newOrganisation')}
      </Title>
      {draft.restored && <DraftRestoredNotice onClose={draft.dismiss} />}
      <Paper withBorder p="md">
        <form onSubmit={submit} noValidate data-testid="organisation-form">
          <Stack>
            <TextInput
              label={t('form.name')}
              value={values.name}
              onChange={(event) => setValues({ ...values, name: event.currentTarget.value })}
              error={nameError ?? errors.name}
              required
              autoFocus
              data-testid="organisation-name"
            />
            <ContactPointsFields value={values.contact} onChange={(contact) => setValues({ ...values, contact })} errors={errors} />
            <TagsInput
              label={t('form.tags')}
              placeholder={t('form.tagsPlaceholder')}
              data={tagOptions}
              value={values.tags}
              onChange={(tags) => setValues({ ...values, tags })}
              error={errors.tags}
              clearable
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
                onReload={() => {
                  save.reset();
                  setDraftVersion(null);
                  void existing.refetch();
                }}
              />
            )}
            <FormActions onCancel={() => navigate(-1)} submitLabel={t('common.save')} pending={save.isPending} submitTestId="organisation-save" />
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}
