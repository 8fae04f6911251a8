import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { Center, Loader, Paper, Stack, TagsInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient, type UseQueryResult } from '@tanstack/react-query';
import { api } from '../../lib/api.js';
import type { CustomFieldDefinition, CustomFieldValue, PossibleDuplicate, Relationship } from '../../lib/types.js';
import type { MessageKey } from '../../i18n/Dictionary.js';
import type { Language } from '../../i18n/interpolate.js';
import { useI18n } from '../../i18n/useI18n.js';
import { useAuth } from '../../auth/useAuth.js';
import { canEditRecord } from '../../auth/permissions.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { RefusedPage } from '../../components/RefusedPage.js';
import { FormActions } from '../../components/FormActions.js';
import { PossibleDuplicates } from '../people/PossibleDuplicates.js';
import type { ContactPointsValue } from './ContactPointsFields.js';
import { contactPointsPayload } from './contactPointsPayload.js';
import { LikelyDuplicates } from './LikelyDuplicates.js';
import { relationshipsPayload, type RelationshipRow } from './relationshipsPayload.js';
import { RelationshipsFields } from './RelationshipsFields.js';
import { fieldErrors } from './fieldErrors.js';
import { useCustomFields } from '../records/useCustomFields.js';
import { useTags } from '../records/useTags.js';
import { CustomFieldInputs } from '../records/CustomFieldInputs.js';
import { customFieldPayload } from '../records/customFieldValues.js';
import { useExpiredSessionDraft, useKeepUnsaved } from './formDraft.js';
import { DraftRestoredNotice } from './DraftRestoredNotice.js';
import { mergeEdits } from './mergeEdits.js';
import { MergedEditsNotice } from './MergedEditsNotice.js';

/** What a person's and an organisation's form have in common. */
export interface RecordFormValues {
  contact: ContactPointsValue;
  tags: string[];
  /** Custom field values as typed, by key. */
  customFields: Record<string, string>;
  relationships: RelationshipRow[];
}

interface SavedRecord {
  id: string;
  version: number;
  customFields: Record<string, CustomFieldValue>;
  relationships: Relationship[];
  ownerId: string | null;
}
type Created<R> = R & { possibleDuplicates?: PossibleDuplicate[] };

const KINDS = {
  person: { api: '/api/people', page: '/people', cache: 'people', testId: 'person' },
  organisation: { api: '/api/organisations', page: '/organisations', cache: 'organisations', testId: 'organisation' },
} as const;

/** The label of each path mergeEdits reports, for the fields of the person and organisation forms. */
const FIELD_LABELS: Record<string, MessageKey> = {
  firstName: 'form.firstName',
  lastName: 'form.lastName',
  name: 'form.name',
  organisations: 'form.organisations',
  tags: 'form.tags',
  relationships: 'form.relationships',
  'contact.phones': 'form.phones',
  'contact.emails': 'form.emails',
  'contact.addresses': 'form.addresses',
};

function recordFieldLabel(path: string, customFields: CustomFieldDefinition[], t: (key: MessageKey) => string, lang: Language): string {
  if (FIELD_LABELS[path]) return t(FIELD_LABELS[path]);
  const field = customFields.find((f) => `customFields.${f.key}` === path);
  return (field && ((lang === 'fr' ? field.labelFr : field.labelEn) || field.key)) ?? path;
}

/** Validation paths shared by both forms; each adds its own fields (names, organisations). */
const COMMON_FIELD_PATH = 'tags|relationships\\.\\d+\\.(type|targetId)|customFields\\.[a-z0-9_]+|phones\\.\\d+(\\.number)?|emails\\.\\d+(\\.address)?|addresses\\.\\d+\\.(street|postalCode|city|country)';

interface RecordFormOptions<V extends RecordFormValues, R extends SavedRecord> {
  type: keyof typeof KINDS;
  /** The record edited; absent when creating one. */
  id: string | undefined;
  existing: UseQueryResult<R>;
  initialValues: () => V;
  valuesFrom: (record: R) => V;
  /** The record's own fields in the request body (names, organisations); contact points, tags, custom fields and relationships are added. */
  ownFields: (values: V) => Record<string, unknown>;
  /** The form's own validation paths, as a regular expression alternative ("firstName|lastName"). */
  ownFieldPaths: string;
  /** Checked before saving: a message for the name field, or null. */
  nameProblem: (values: V) => string | null;
  displayName: (record: R) => string;
  /** After a save, before leaving the form. */
  onSaved?: (record: R) => void;
}

/**
 * The life of a record form, for people and organisations alike: filled once the record arrives
 * (and again after "reload" on a conflict), saved with the version it was typed against, kept
 * across an expired session, and after a creation the possible duplicates to look at.
 */
export function useRecordForm<V extends RecordFormValues, R extends SavedRecord>(options: RecordFormOptions<V, R>) {
  const { type, id, existing } = options;
  const kind = KINDS[type];
  const isEdit = Boolean(id);
  const { t } = useI18n();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { fields: customFieldDefs } = useCustomFields(type);
  // A new record's form as it opened (empty, or the caller's number): what "unchanged" means for it.
  const [blank] = useState<V>(options.initialValues);
  const [values, setValues] = useState<V>(blank);
  // The record as the form was filled from it: the version saves are checked against, and the
  // values a conflict's merge tells the user's changes from a colleague's by.
  const [base, setBase] = useState<{ version: number; values: V } | null>(null);
  // After "reload" on a conflict: the fields both changed, kept as the user typed them (the
  // colleague's values are the base the form now stands on).
  const [bothChanged, setBothChanged] = useState<string[] | null>(null);
  const [nameError, setNameError] = useState<string | null>(null);
  const [created, setCreated] = useState<Created<R> | null>(null);
  // The version a restored draft was typed against: sent with the save, so that a colleague's
  // change made meanwhile is a conflict to look at, not overwritten.
  const [draftVersion, setDraftVersion] = useState<number | null>(null);

  // Filled when the record arrives, and again when a newer version arrives (a refetch on coming back
  // to the window, a live update) while nothing was typed; with something typed the form is left
  // alone: its save then meets the conflict, and "reload" merges.
  useEffect(() => {
    if (!existing.data || existing.data.version === base?.version) return;
    if (base && JSON.stringify(values) !== JSON.stringify(base.values)) return;
    const fresh = options.valuesFrom(existing.data);
    setValues(fresh);
    setBase({ version: existing.data.version, values: fresh });
  }, [existing.data, base, values, options.valuesFrom]);

  // What was typed before the session expired on "save", given back after signing in again.
  const draft = useExpiredSessionDraft<V>(!isEdit || base !== null, (restored, version) => {
    setValues(restored);
    setDraftVersion(version);
  });

  // What the form opened with: a changed form left without saving keeps what was typed for next time.
  const opened = isEdit ? (base?.values ?? null) : blank;
  const changed = opened !== null && JSON.stringify(values) !== JSON.stringify(opened);
  const unsaved = useKeepUnsaved<V>(changed ? { values, version: draftVersion ?? base?.version ?? null } : null);
  /** Drops a restored draft: the form shows the record as saved again (or empty). */
  const discardDraft = () => {
    if (opened) setValues(opened);
    setDraftVersion(null);
    draft.dismiss();
  };

  const payload = contactPointsPayload(values.contact);
  const relationships = relationshipsPayload(values.relationships, isEdit ? existing.data?.relationships : undefined);
  const save = useMutation({
    meta: { inlineErrors: true },
    mutationFn: () => {
      const body = {
        ...options.ownFields(values),
        ...payload.body,
        tags: values.tags,
        customFields: customFieldPayload(customFieldDefs, values.customFields, isEdit ? existing.data?.customFields : {}),
        ...relationships.body,
      };
      const version = draftVersion ?? base?.version ?? null;
      return draft.keepOnExpiry(values, version, () =>
        isEdit ? api.patch<R>(`${kind.api}/${id}`, { ...body, version: version ?? undefined }) : api.create<Created<R>>(kind.api, body),
      );
    },
    onSuccess: (saved) => {
      unsaved.settle();
      void queryClient.invalidateQueries({ queryKey: [kind.cache, 'list'] });
      void queryClient.invalidateQueries({ queryKey: ['tags'] });
      const { possibleDuplicates, ...record } = saved as Created<R>;
      queryClient.setQueryData([kind.cache, 'one', saved.id], record);
      // The records named before or now show this one among those naming them: read them again.
      for (const r of [...(existing.data?.relationships ?? []), ...saved.relationships]) {
        if (r.targetId) void queryClient.invalidateQueries({ queryKey: [r.targetType === 'person' ? 'people' : 'organisations', 'one', r.targetId] });
      }
      options.onSaved?.(saved);
      if (!isEdit && possibleDuplicates?.length) {
        setCreated(saved as Created<R>);
        return;
      }
      notifications.show({ color: 'teal', message: isEdit ? t('form.saved') : t('form.created', { name: options.displayName(saved) }) });
      // The record's name takes the focus (RecordHeader), as when opened from the search: the
      // keyboard goes on from the record, not from the top of the page.
      navigate(`${kind.page}/${saved.id}`, { state: { focusHeading: true } });
    },
  });

  const errors = fieldErrors(save.error, { ...payload.indexMaps, relationships: relationships.indexMap }, t);
  const fieldPath = new RegExp(`^(${options.ownFieldPaths}|${COMMON_FIELD_PATH})$`);
  // A custom field error is beside its input only if the form has one (a field deleted meanwhile has none).
  const isShown = (path: string) => fieldPath.test(path) && (!path.startsWith('customFields.') || customFieldDefs.some((f) => path === `customFields.${f.key}`));
  // isPending only updates on the next render: a ref stops a double click or a second Enter from
  // saving twice (two people created). It stays set once saved: the form may still be on screen
  // while the record's page opens.
  const submitting = useRef(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (submitting.current) return;
    const problem = options.nameProblem(values);
    setNameError(problem);
    if (problem) return;
    submitting.current = true;
    save.mutate(undefined, { onError: () => (submitting.current = false) });
  };
  const reload = async () => {
    // Keep the alert until the colleague's version is in the form, merged with what was typed.
    const fresh = await existing.refetch();
    if (fresh.data) {
      const theirs = options.valuesFrom(fresh.data);
      // A restored draft was typed against an older version than the one the form was filled from.
      const result = mergeEdits(draftVersion === null ? (base?.values ?? null) : null, values, theirs);
      setValues(result.values);
      setBase({ version: fresh.data.version, values: theirs });
      setDraftVersion(null);
      setBothChanged(result.bothChanged);
    }
    save.reset();
  };

  // The names among the record's own fields (not its organisations): what duplicates are compared on.
  const names = (v: V) => Object.fromEntries(Object.entries(options.ownFields(v)).filter((e): e is [string, string] => typeof e[1] === 'string'));
  return {
    type, id, isEdit, values, setValues, errors, nameError, customFieldDefs, save, submit, reload, isShown, draft, discardDraft, created, existing,
    /** Leaving on purpose (Cancel): nothing typed is kept. */
    settle: unsaved.settle,
    displayName: options.displayName, names,
    merged: bothChanged && base ? { bothChanged, theirs: base.values } : null,
    dismissMerged: () => setBothChanged(null),
  };
}

type RecordForm<V extends RecordFormValues, R extends SavedRecord> = ReturnType<typeof useRecordForm<V, R>>;

/** A record form's tags, relationships and custom fields, after its own fields. */
export function RecordCommonFields<V extends RecordFormValues, R extends SavedRecord>({ form }: { form: RecordForm<V, R> }) {
  const { t } = useI18n();
  const tagOptions = useTags();
  const { values, setValues, errors } = form;
  return (
    <>
      <TagsInput
        label={t('form.tags')}
        placeholder={t('form.tagsPlaceholder')}
        data={tagOptions}
        value={values.tags}
        onChange={(tags) => setValues({ ...values, tags })}
        error={errors.tags}
        // A tag is 60 characters at most (the server's limit), a record has 100 at most.
        maxLength={60}
        maxTags={100}
        clearable
        data-testid={`${KINDS[form.type].testId}-tags`}
      />
      <RelationshipsFields value={values.relationships} onChange={(relationships) => setValues({ ...values, relationships })} recordId={form.id} errors={errors} />
      <CustomFieldInputs fields={form.customFieldDefs} value={values.customFields} onChange={(customFields) => setValues({ ...values, customFields })} errors={errors} />
    </>
  );
}

/**
 * The frame of a record form: its title, what stands instead of the form (the possible duplicates
 * after a creation, loading, a record this user may not edit), the save error and the buttons.
 */
export function RecordFormFrame<V extends RecordFormValues, R extends SavedRecord>({
  form,
  title,
  children,
}: {
  form: RecordForm<V, R>;
  title: string;
  children: ReactNode;
}) {
  const { t, lang } = useI18n();
  const { user } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const kind = KINDS[form.type];
  const { created, existing, isEdit, save } = form;
  // Back where the form was opened from; a form opened in a new tab has nowhere to go back to:
  // the record, or the list.
  const cancel = () => {
    form.settle();
    if (location.key === 'default') navigate(isEdit ? `${kind.page}/${form.id}` : kind.page);
    else navigate(-1);
  };
  // A refused save puts the keyboard on the first field the answer named, not back at the top.
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (save.error) formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [save.error]);

  if (created) {
    const name = form.displayName(created);
    return (
      <Stack maw={720}>
        <Title order={1} size="h2">{name}</Title>
        <PossibleDuplicates
          created={{ id: created.id, type: form.type, name }}
          duplicates={created.possibleDuplicates ?? []}
          onContinue={() => navigate(`${kind.page}/${created.id}`, { state: { focusHeading: true } })}
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
  if (isEdit && existing.data && !canEditRecord(user, form.type, existing.data)) {
    return (
      <RefusedPage title={title} color="yellow" testId="edit-not-allowed">
        {t('record.editOwnOnly')}
      </RefusedPage>
    );
  }

  return (
    <Stack maw={720}>
      <Title order={1} size="h2">{title}</Title>
      {form.draft.reason && <DraftRestoredNotice reason={form.draft.reason} onClose={form.draft.dismiss} onDiscard={form.discardDraft} />}
      <Paper withBorder p="md">
        <form ref={formRef} onSubmit={form.submit} noValidate data-testid={`${kind.testId}-form`}>
          <Stack>
            {children}
            {!isEdit && <LikelyDuplicates api={kind.api} names={form.names(form.values)} contact={form.values.contact} />}
            {save.error && <ErrorAlert error={save.error} isShown={form.isShown} onReload={form.reload} />}
            {/* Where the conflict was said, beside the save button: on a phone the top of the form is out of sight. */}
            {form.merged && <MergedEditsNotice {...form.merged} label={(path) => recordFieldLabel(path, form.customFieldDefs, t, lang)} onClose={form.dismissMerged} />}
            <FormActions onCancel={cancel} submitLabel={t('common.save')} pending={save.isPending} submitTestId={`${kind.testId}-save`} />
          </Stack>
        </form>
      </Paper>
    </Stack>
  );
}
