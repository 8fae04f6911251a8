import { useEffect, useState, type FormEvent } from 'react';
import { ActionIcon, Alert, Button, Card, Group, NativeSelect, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api.js';
import { ApiError } from '../../lib/ApiError.js';
import { useI18n } from '../../i18n/useI18n.js';
import { localiseIssue } from '../forms/validationMessages.js';
import { DurationInput } from '../forms/DurationInput.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import { useTeams } from '../requests/useRequests.js';
import { useUsers } from '../users/useUsers.js';
import type { LeadSettings, RejectReason } from './types.js';
import { LEAD_SETTINGS_KEY, useLeadSettings } from './useLeads.js';

/** A routing rule as edited: the postal prefix or product keyword, and the rep it sends leads to. */
interface RuleRow {
  match: string;
  ownerId: string;
}

/** What a half-filled rule lacks, by row: it is flagged there and nothing is saved. */
type RowProblems = Record<number, 'match' | 'owner'>;

const isBlank = (row: RuleRow) => !row.match.trim() && !row.ownerId;
/** The rows a rule needs filled in: a prefix or keyword and a rep; a row left wholly blank is dropped. */
function problemsOf(rows: RuleRow[]): RowProblems {
  const problems: RowProblems = {};
  rows.forEach((row, index) => {
    if (!row.match.trim()) problems[index] = 'match';
    else if (!row.ownerId) problems[index] = 'owner';
  });
  return problems;
}

/**
 * Managers: how long an owner has to treat a lead and when they are warned, territory (postal
 * prefix) and product (keyword) rules, the round-robin team, and the reasons a rep can give to
 * reject one.
 */
export function LeadSettingsCard() {
  const { t, lang } = useI18n();
  const queryClient = useQueryClient();
  const settings = useLeadSettings();
  const teams = useTeams();
  const [treatWithin, setTreatWithin] = useState('');
  const [roundRobinTeamId, setRoundRobinTeamId] = useState('');
  const [reasons, setReasons] = useState<RejectReason[]>([]);
  const [warnBefore, setWarnBefore] = useState('');
  const [territories, setTerritories] = useState<RuleRow[]>([]);
  const [products, setProducts] = useState<RuleRow[]>([]);
  // Half-filled rules found when saving: flagged on their row, and the save refused.
  const [incomplete, setIncomplete] = useState<{ territories: RowProblems; products: RowProblems } | null>(null);
  const { users } = useUsers();
  // The server routes only to active sellers (sales reps, managers, admins).
  const sellers = users.filter((user) => user.role === 'sales' || user.role === 'manager' || user.role === 'admin').map((user) => ({ value: user.id, label: user.name }));

  useEffect(() => {
    if (!settings.data) return;
    setTreatWithin(settings.data.treatWithin);
    setRoundRobinTeamId(settings.data.roundRobinTeamId ?? '');
    setReasons(settings.data.rejectReasons);
    setWarnBefore(settings.data.warnBefore ?? '');
    setTerritories(settings.data.territories.map((rule) => ({ match: rule.postalPrefix, ownerId: rule.ownerId })));
    setProducts(settings.data.products.map((rule) => ({ match: rule.keyword, ownerId: rule.ownerId })));
  }, [settings.data]);

  const save = useMutation({
    meta: { inlineErrors: true },
    mutationFn: (next: LeadSettings) => api.put<LeadSettings>('/api/leads/settings', next),
    onSuccess: (saved) => {
      queryClient.setQueryData(LEAD_SETTINGS_KEY, saved);
      notifications.show({ color: 'teal', message: t('leads.settings.saved'), 'data-testid': 'lead-settings-saved' });
    },
  });
  const issues = save.error instanceof ApiError ? save.error.issues : [];
  const errorOf = (path: string) => {
    const issue = issues.find((i) => i.path === path);
    return issue && localiseIssue(issue, t, lang);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!settings.data) return;
    const { warnBefore: _previous, ...rest } = settings.data;
    // Rows added and left blank go; the form keeps the same rows as the request, so the server's
    // `territories.N` is the form's row N.
    const keptTerritories = territories.filter((row) => !isBlank(row));
    const keptProducts = products.filter((row) => !isBlank(row));
    setTerritories(keptTerritories);
    setProducts(keptProducts);
    const problems = { territories: problemsOf(keptTerritories), products: problemsOf(keptProducts) };
    if (Object.keys(problems.territories).length || Object.keys(problems.products).length) {
      // Never a rule dropped behind "saved": the row says what it lacks.
      setIncomplete(problems);
      save.reset();
      return;
    }
    setIncomplete(null);
    save.mutate({
      ...rest,
      ...(warnBefore.trim() && { warnBefore: warnBefore.trim().toUpperCase() }),
      territories: keptTerritories.map((row) => ({ postalPrefix: row.match.trim(), ownerId: row.ownerId })),
      products: keptProducts.map((row) => ({ keyword: row.match.trim(), ownerId: row.ownerId })),
      treatWithin: treatWithin.trim().toUpperCase(),
      roundRobinTeamId: roundRobinTeamId || null,
      rejectReasons: reasons.map((reason) => ({ key: reason.key.trim(), labelFr: reason.labelFr.trim(), labelEn: reason.labelEn.trim() })),
    });
  };
  const setReason = (index: number, patch: Partial<RejectReason>) => setReasons((current) => current.map((reason, i) => (i === index ? { ...reason, ...patch } : reason)));

  if (settings.error) return <ErrorAlert error={settings.error} />;
  return (
    <Card withBorder data-testid="lead-settings">
      <form onSubmit={submit}>
        <Stack gap="sm">
          <Title order={2} size="h4">{t('leads.settings.title')}</Title>
          <Group grow align="flex-start" wrap="wrap">
            <DurationInput
              label={t('leads.settings.treatWithin')}
              description={t('leads.settings.treatWithinHint')}
              value={treatWithin}
              onChange={setTreatWithin}
              error={errorOf('treatWithin')}
              defaultUnit="days"
              miw={200}
              testId="lead-settings-treat-within"
            />
            <DurationInput
              label={t('leads.settings.warnBefore')}
              description={t('leads.settings.warnBeforeHint')}
              value={warnBefore}
              onChange={setWarnBefore}
              error={errorOf('warnBefore')}
              miw={200}
              testId="lead-settings-warn-before"
            />
            <NativeSelect
              label={t('leads.settings.roundRobin')}
              description={t('leads.settings.roundRobinHint')}
              value={roundRobinTeamId}
              onChange={(event) => setRoundRobinTeamId(event.currentTarget.value)}
              data={[{ value: '', label: t('leads.settings.allSellers') }, ...(teams.data ?? []).map((team) => ({ value: team.id, label: team.name }))]}
              miw={200}
              data-testid="lead-settings-round-robin"
            />
          </Group>
          <RuleRows
            title={t('leads.settings.territories')}
            hint={t('leads.settings.territoriesHint')}
            matchLabel={t('leads.settings.postalPrefix')}
            rows={territories}
            onChange={setTerritories}
            sellers={sellers}
            missing={incomplete?.territories ?? {}}
            missingMatch={t('leads.settings.prefixMissing')}
            errorOf={(index) => errorOf(`territories.${index}.postalPrefix`)}
            ownerErrorOf={(index) => errorOf(`territories.${index}.ownerId`)}
            testId="lead-settings-territory"
          />
          <RuleRows
            title={t('leads.settings.products')}
            hint={t('leads.settings.productsHint')}
            matchLabel={t('leads.settings.keyword')}
            rows={products}
            onChange={setProducts}
            sellers={sellers}
            missing={incomplete?.products ?? {}}
            missingMatch={t('leads.settings.keywordMissing')}
            errorOf={(index) => errorOf(`products.${index}.keyword`)}
            ownerErrorOf={(index) => errorOf(`products.${index}.ownerId`)}
            testId="lead-settings-product"
          />
          <Text size="sm" fw={500}>
            {t('leads.settings.reasons')}
          </Text>
          {reasons.map((reason, index) => (
            <Group key={index} gap="xs" align="flex-start" wrap="wrap" data-testid="lead-settings-reason">
              <TextInput
                aria-label={t('leads.settings.reasonKey')}
                placeholder={t('leads.settings.reasonKey')}
                value={reason.key}
                onChange={(event) => setReason(index, { key: event.currentTarget.value })}
                error={errorOf(`rejectReasons.${index}.key`)}
                w={150}
              />
              <TextInput
                aria-label={t('leads.settings.labelFr')}
                placeholder={t('leads.settings.labelFr')}
                value={reason.labelFr}
                onChange={(event) => setReason(index, { labelFr: event.currentTarget.value })}
                style={{ flex: 1, minWidth: 140 }}
              />
              <TextInput
                aria-label={t('leads.settings.labelEn')}
                placeholder={t('leads.settings.labelEn')}
                value={reason.labelEn}
                onChange={(event) => setReason(index, { labelEn: event.currentTarget.value })}
                style={{ flex: 1, minWidth: 140 }}
              />
              <ActionIcon
                variant="subtle"
                color="red"
                size="lg"
                aria-label={t('common.remove')}
                disabled={reasons.length <= 1}
                onClick={() => setReasons((current) => current.filter((_, i) => i !== index))}
              >
                ×
              </ActionIcon>
            </Group>
          ))}
          <Group justify="space-between">
            <Button variant="default" size="xs" onClick={() => setReasons((current) => [...current, { key: '', labelFr: '', labelEn: '' }])} data-testid="lead-settings-add-reason">
              {t('leads.settings.addReason')}
            </Button>
            <Button type="submit" loading={save.isPending} disabled={!settings.data} data-testid="lead-settings-save">
              {t('common.save')}
            </Button>
          </Group>
          {incomplete && (
            <Alert color="red" variant="light" role="alert" data-testid="lead-settings-incomplete">
              {t('leads.settings.incomplete')}
            </Alert>
          )}
          {save.error && <ErrorAlert error={save.error} isShown={(path) => path === 'treatWithin' || path === 'warnBefore' || /^(rejectReasons\.\d+\.key|(territories\.\d+\.(postalPrefix|ownerId))|(products\.\d+\.(keyword|ownerId)))$/.test(path)} />}
        </Stack>
      </form>
    </Card>
  );
}

/** Rows of "this postal prefix / keyword → this rep", with add and remove. */
function RuleRows(props: {
  title: string;
  hint: string;
  matchLabel: string;
  rows: RuleRow[];
  onChange: (rows: RuleRow[]) => void;
  sellers: { value: string; label: string }[];
  /** Rows found half-filled when saving, and what each lacks. */
  missing: RowProblems;
  /** What a row without its prefix or keyword is told. */
  missingMatch: string;
  errorOf: (index: number) => string | undefined;
  ownerErrorOf: (index: number) => string | undefined;
  testId: string;
}) {
  const { t } = useI18n();
  const { rows, onChange } = props;
  const set = (index: number, patch: Partial<RuleRow>) => onChange(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));
  // A flagged row stays flagged until it gets what it lacked.
  const lacks = (index: number, what: 'match' | 'owner') => props.missing[index] === what && (what === 'match' ? !rows[index]?.match.trim() : !rows[index]?.ownerId);
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500}>
        {props.title}
      </Text>
      <Text size="xs" c="dimmed">
        {props.hint}
      </Text>
      {rows.map((row, index) => (
        <Group key={index} gap="xs" align="flex-start" wrap="wrap" data-testid={props.testId}>
          <TextInput
            aria-label={props.matchLabel}
            placeholder={props.matchLabel}
            value={row.match}
            onChange={(event) => set(index, { match: event.currentTarget.value })}
            error={lacks(index, 'match') ? props.missingMatch : props.errorOf(index)}
            w={200}
            data-testid={`${props.testId}-match`}
          />
          <NativeSelect
            aria-label={t('leads.settings.owner')}
            value={row.ownerId}
            onChange={(event) => set(index, { ownerId: event.currentTarget.value })}
            error={lacks(index, 'owner') ? t('leads.settings.ownerMissing') : props.ownerErrorOf(index)}
            data={[{ value: '', label: t('leads.settings.chooseOwner') }, ...props.sellers]}
            style={{ flex: 1, minWidth: 180 }}
            data-testid={`${props.testId}-owner`}
          />
          <ActionIcon variant="subtle" color="red" size="lg" aria-label={t('common.remove')} onClick={() => onChange(rows.filter((_, i) => i !== index))}>
            ×
          </ActionIcon>
        </Group>
      ))}
      <Button variant="default" size="xs" w="fit-content" onClick={() => onChange([...rows, { match: '', ownerId: '' }])} data-testid={`${props.testId}-add`}>
        {t('leads.settings.addRule')}
      </Button>
    </Stack>
  );
}
