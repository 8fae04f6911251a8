import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Button, Group, Kbd, Stack, Text, Title, Tooltip } from '@mantine/core';
import { useI18n } from '../../i18n/useI18n.js';
import { TagBadges } from '../../components/TagBadges.js';
import { useUsers } from '../users/useUsers.js';
import { useAuth } from '../../auth/useAuth.js';
import { canEditRecord, type RecordType } from '../../auth/permissions.js';

interface RecordHeaderProps {
  type: RecordType;
  name: string;
  tags: string[];
  ownerId: string | null;
  editPath: string;
  onLogCall: () => void;
  /** Extra identity lines, e.g. a person's organisations. */
  children?: ReactNode;
}

/** Identity of a record (name, links, tags, owner) with its main actions. */
export function RecordHeader({ type, name, tags, ownerId, editPath, onLogCall, children }: RecordHeaderProps) {
  const { t } = useI18n();
  const { user } = useAuth();
  const { nameOf } = useUsers();
  const owner = nameOf(ownerId);
  const mayEdit = canEditRecord(user, type, { ownerId });
  return (
    <Group justify="space-between" align="flex-start">
      <Stack gap={4}>
        <Title order={2} data-testid="record-title">
          {name}
        </Title>
        {children}
        <TagBadges tags={tags} />
        {owner && (
          <Text size="sm" c="dimmed">
            {t('record.owner', { name: owner })}
          </Text>
        )}
      </Stack>
      <Group gap="xs">
        <Button onClick={onLogCall} data-testid="open-log-call" title={t('call.shortcut')} rightSection={<Kbd size="xs">C</Kbd>}>
          {t('call.open')}
        </Button>
        {mayEdit ? (
          <Button component={Link} to={editPath} variant="default" data-testid="edit-record">
            {t('common.edit')}
          </Button>
        ) : (
          // Shown but inert, with the reason: a hidden button leaves the user wondering where it went.
          <Tooltip label={owner ? t('record.editOwnOnlyOwner', { name: owner }) : t('record.editOwnOnly')} multiline w={260}>
            <Button variant="default" data-disabled aria-disabled onClick={(event) => event.preventDefault()} data-testid="edit-record">
              {t('common.edit')}
            </Button>
          </Tooltip>
        )}
      </Group>
    </Group>
  );
}
