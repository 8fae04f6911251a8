import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { Link, useLocation } from 'react-router';
import { Button, Group, Kbd, Stack, Text, Title, Tooltip, VisuallyHidden } from '@mantine/core';
import { useI18n } from '../../i18n/useI18n.js';
import { TagBadges } from '../../components/TagBadges.js';
import { useUsers } from '../users/useUsers.js';
import { useAuth } from '../../auth/useAuth.js';
import { canEditRecord, type RecordType } from '../../auth/permissions.js';
import { RecordActionsMenu } from './RecordActionsMenu.js';

interface RecordHeaderProps {
  type: RecordType;
  id: string;
  /** The version shown: a delete refuses to remove a record changed since. */
  version: number;
  name: string;
  tags: string[];
  ownerId: string | null;
  editPath: string;
  onLogCall: () => void;
  /** Extra identity lines, e.g. a person's organisations. */
  children?: ReactNode;
}

/** Identity of a record (name, links, tags, owner) with its main actions, and a menu of the rarer ones. */
export function RecordHeader({ type, id, version, name, tags, ownerId, editPath, onLogCall, children }: RecordHeaderProps) {
  const { t } = useI18n();
  const { user } = useAuth();
  const { nameOf } = useUsers();
  const owner = nameOf(ownerId);
  const mayEdit = canEditRecord(user, type, { ownerId });
  const reason = owner ? t('record.editOwnOnlyOwner', { name: owner }) : t('record.editOwnOnly');
  const reasonId = useId();
  // Tapped or pressed, the inert "Edit" says why below it: a tooltip alone only shows to a mouse.
  const [showReason, setShowReason] = useState(false);
  // Opened from the search (or a link asking for it), the record's name takes the focus: the next
  // Tab starts from the record, not from the top of the page.
  const location = useLocation();
  const titleRef = useRef<HTMLHeadingElement>(null);
  const focusHeading = (location.state as { focusHeading?: boolean } | null)?.focusHeading === true;
  useEffect(() => {
    if (focusHeading) titleRef.current?.focus();
  }, [focusHeading, location.key]);
  return (
    <Group justify="space-between" align="flex-start">
      <Stack gap={4}>
        <Title order={1} size="h2" data-testid="record-title" ref={titleRef} tabIndex={-1} style={{ outlineOffset: 2 }}>
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
      <Stack gap={4} align="flex-end">
        <Group gap="xs">
          <Button onClick={onLogCall} data-testid="open-log-call" title={t('call.shortcut')} rightSection={<Kbd size="xs" visibleFrom="sm">C</Kbd>}>
            {t('call.open')}
          </Button>
          {mayEdit ? (
            <Button component={Link} to={editPath} variant="default" data-testid="edit-record">
              {t('common.edit')}
            </Button>
          ) : (
            // Shown but inert, with the reason: a hidden button leaves the user wondering where it went.
            // The reason is its description for screen readers, its tooltip on hover and focus, and
            // shown below it when tapped or pressed.
            <Tooltip label={reason} multiline w={260} events={{ hover: true, focus: true, touch: true }}>
              <Button
                variant="default"
                data-disabled
                aria-disabled
                aria-describedby={reasonId}
                onClick={(event) => {
                  event.preventDefault();
                  setShowReason(true);
                }}
                data-testid="edit-record"
              >
                {t('common.edit')}
              </Button>
            </Tooltip>
          )}
          <RecordActionsMenu type={type} record={{ id, name, version, ownerId }} />
        </Group>
        {!mayEdit &&
          (showReason ? (
            <Text id={reasonId} size="sm" c="dimmed" maw={320} ta="right" role="status" data-testid="edit-reason">
              {reason}
            </Text>
          ) : (
            <VisuallyHidden id={reasonId}>{reason}</VisuallyHidden>
          ))}
      </Stack>
    </Group>
  );
}
