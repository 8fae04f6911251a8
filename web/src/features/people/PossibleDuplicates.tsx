import { Link } from 'react-router';
import { Alert, Anchor, Badge, Button, Group, List, Stack, Text } from '@mantine/core';
import type { PossibleDuplicate } from '../../lib/types.js';
import { useI18n } from '../../i18n/useI18n.js';

interface PossibleDuplicatesProps {
  name: string;
  duplicates: PossibleDuplicate[];
  onContinue: () => void;
}

/** After a create, the existing records the server found similar, so the user can check them. */
export function PossibleDuplicates({ name, duplicates, onContinue }: PossibleDuplicatesProps) {
  const { t } = useI18n();
  return (
    <Alert color="yellow" title={t('duplicates.title')} data-testid="possible-duplicates">
      <Stack gap="sm">
        <Text size="sm">{t('duplicates.intro', { name })}</Text>
        <List size="sm">
          {duplicates.map((d) => (
            <List.Item key={`${d.type}-${d.id}`} data-testid="duplicate-item">
              <Group gap="xs">
                <Anchor component={Link} to={d.type === 'person' ? `/people/${d.id}` : `/organisations/${d.id}`}>
                  {d.displayName}
                </Anchor>
                <Badge size="xs" variant="light" color="yellow">
                  {t(`duplicates.reason.${d.reason}`)}
                </Badge>
              </Group>
            </List.Item>
          ))}
        </List>
        <Button w="fit-content" onClick={onContinue} data-testid="duplicates-continue">
          {t('duplicates.continue')}
        </Button>
      </Stack>
    </Alert>
  );
}
