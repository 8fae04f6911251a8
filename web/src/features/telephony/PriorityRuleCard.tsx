import { useEffect, useState } from 'react';
import { Button, Card, Group, MultiSelect, Stack, TagsInput, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api.js';
import type { Page } from '../../lib/types.js';
import { useI18n } from '../../i18n/useI18n.js';
import { ErrorAlert } from '../../components/ErrorAlert.js';
import type { RelationshipType } from './types.js';

interface PriorityRule {
  tags: string[];
  relationshipTypes: string[];
}

const RULE_KEY = ['telephony', 'priority-rule'] as const;

/**
 * Who counts as "under contract" (managers): callers, or one of their organisations, with one of
 * these tags or relationship types ring first, also in overload mode, with a badge on the pop.
 */
export function PriorityRuleCard() {
  const { t, lang } = useI18n();
  const queryClient = useQueryClient();
  const rule = useQuery({ queryKey: RULE_KEY, queryFn: () => api.get<PriorityRule>('/api/telephony/priority-rule') });
  const types = useQuery({ queryKey: ['relationship-types'], queryFn: () => api.get<Page<RelationshipType>>('/api/relationship-types'), staleTime: 10 * 60_000 });
  const [draft, setDraft] = useState<PriorityRule | null>(null);
  useEffect(() => {
    if (rule.data && !draft) setDraft(rule.data);
  }, [rule.data, draft]);
  const save = useMutation({
    meta: { inlineErrors: true },
    mutationFn: (body: PriorityRule) => api.put<PriorityRule>('/api/telephony/priority-rule', body),
    onSuccess: (saved) => {
      queryClient.setQueryData(RULE_KEY, saved);
      setDraft(saved);
      notifications.show({ color: 'teal', message: t('priority.saved') });
    },
  });
  if (!draft) return null;
  const options = (types.data?.items ?? []).map((type) => ({ value: type.key, label: lang === 'fr' ? type.labelFr : type.labelEn }));
  const nobody = draft.tags.length === 0 && draft.relationshipTypes.length === 0;

  return (
    <Card withBorder data-testid="priority-rule-card">
      <Stack gap="sm">
        <Title order={2} size="h4">{t('priority.title')}</Title>
        <Text size="sm" c="dimmed">
          {t('priority.intro')}
        </Text>
        <TagsInput
          label={t('priority.tags')}
          value={draft.tags}
          onChange={(tags) => setDraft({ ...draft, tags })}
          maxTags={20}
          data-testid="priority-tags"
        />
        <MultiSelect
          label={t('priority.relationships')}
          data={options}
          value={draft.relationshipTypes}
          onChange={(relationshipTypes) => setDraft({ ...draft, relationshipTypes })}
          searchable
          data-testid="priority-relationships"
        />
        {nobody && (
          <Text size="sm" c="orange" data-testid="priority-nobody">
            {t('priority.nobody')}
          </Text>
        )}
        <ErrorAlert error={save.error} />
        <Group justify="flex-end">
          <Button onClick={() => save.mutate(draft)} loading={save.isPending} data-testid="priority-save">
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
