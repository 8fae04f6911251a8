import { useRef, useState } from 'react';
import { Alert, Anchor, Badge, Button, FileButton, Group, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Interaction } from '../../lib/types.js';
import { useI18n } from '../../i18n/useI18n.js';
import { formatDuration } from '../../i18n/formatDuration.js';
import { useAuth } from '../../auth/useAuth.js';
import { canEditInteraction } from '../../auth/permissions.js';
import { useUsers } from '../users/useUsers.js';
import { outcomeLabel } from '../calls/callOutcomes.js';
import { formatPhone } from '../../../../common/phone-display.js';
import { attachmentErrorMessage, checkFile, formatFileSize, uploadAttachment } from './attachments.js';
import { LinkedRecord } from './LinkedRecord.js';
import { DownloadIcon, PaperclipIcon } from './icons.js';

interface TimelineEntryProps {
  item: Interaction;
  /** The record whose timeline this is: not repeated among the participants. */
  recordId: string | undefined;
  onEdit: (item: Interaction) => void;
}

/** The head of an entry: channel, direction, outcome (Timeline.Item's title). */
export function TimelineEntryTitle({ item }: { item: Interaction }) {
  const { t } = useI18n();
  return (
    <Group gap="xs">
      <Badge size="sm" variant="light">
        {t(`channel.${item.channel}`)}
      </Badge>
      <Text size="xs" c="dimmed">
        {t(`direction.${item.direction}`)}
      </Text>
      {item.outcome && (
        // tt="none": a badge is in capitals by default, which made "reached" read "REACHED".
        <Badge size="xs" variant="outline" color="gray" tt="none" data-testid="timeline-outcome">
          {outcomeLabel(item.outcome, t)}
        </Badge>
      )}
    </Group>
  );
}

/**
 * The body of an entry: what was said, who else took part, what it is linked to, its files (each
 * a download link), when and by whom; and the actions: attach a file, correct it (one's own).
 */
export function TimelineEntryBody({ item, recordId, onEdit }: TimelineEntryProps) {
  const { t, locale, formatDateTime } = useI18n();
  const { user } = useAuth();
  const { nameOf } = useUsers();
  const queryClient = useQueryClient();
  const [uploadError, setUploadError] = useState<string | null>(null);
  const resetFile = useRef<() => void>(null);

  const attach = useMutation({
    meta: { inlineErrors: true },
    mutationFn: (file: File) => uploadAttachment(item.id, file),
    onSuccess: (attachment) => {
      notifications.show({ color: 'teal', message: t('attachments.attached', { name: attachment.fileName }), 'data-testid': 'attachment-added-notification' });
      void queryClient.invalidateQueries({ queryKey: ['interactions'] });
    },
    onError: (error, file) => setUploadError(attachmentErrorMessage(error, file.name, t, locale)),
  });
  const pick = (file: File | null) => {
    // The same file chosen again after a failure must fire a change again.
    resetFile.current?.();
    if (!file) return;
    const problem = checkFile(file, t, locale);
    setUploadError(problem);
    if (!problem) attach.mutate(file);
  };

  const others = item.participants.filter((p) => p.id !== recordId);
  const author = nameOf(item.authorId);

  return (
    <Stack gap={4}>
      {item.summary && (
        <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }} data-testid="timeline-summary">
          {/* A phone system's call is titled with the number dialled (E.164): shown as people read it. */}
          {item.channel === 'call' ? formatPhone(item.summary) : item.summary}
        </Text>
      )}
      {item.body && (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} data-testid="timeline-body">
          {item.body}
        </Text>
      )}
      {others.length > 0 && (
        <Group gap={6} wrap="wrap" data-testid="timeline-participants">
          <Text size="xs" c="dimmed">
            {t('timeline.with')}
          </Text>
          {others.map((p) => (
            <LinkedRecord key={`${p.type}:${p.id}`} type={p.type} id={p.id} />
          ))}
        </Group>
      )}
      {item.links.length > 0 && (
        <Group gap={6} wrap="wrap" data-testid="timeline-links">
          <Text size="xs" c="dimmed">
            {t('timeline.linkedTo')}
          </Text>
          {item.links.map((link) => (
            <LinkedRecord key={`${link.type}:${link.id}`} type={link.type} id={link.id} />
          ))}
        </Group>
      )}
      {item.attachments.length > 0 && (
        <Stack gap={2} data-testid="timeline-attachments" aria-label={t('timeline.attachments')} role="list">
          {item.attachments.map((a) => {
            // A colleague's file must not read as the author's: said when someone else added it.
            const addedBy = a.createdBy && a.createdBy !== item.authorId ? nameOf(a.createdBy) : '';
            return (
              <Group key={a.id} gap={6} wrap="nowrap" role="listitem" data-testid="timeline-attachment">
                <DownloadIcon />
                <Anchor
                  href={`/api/attachments/${a.id}`}
                  download={a.fileName}
                  size="sm"
                  style={{ overflowWrap: 'anywhere' }}
                  aria-label={t('timeline.download', { name: a.fileName, size: formatFileSize(a.size, locale) })}
                  data-testid="attachment-link"
                >
                  {a.fileName}
                </Anchor>
                <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                  {formatFileSize(a.size, locale)}
                </Text>
                {addedBy && (
                  <Text size="xs" c="dimmed" data-testid="attachment-added-by">
                    {t('attachments.addedBy', { name: addedBy })}
                  </Text>
                )}
              </Group>
            );
          })}
        </Stack>
      )}
      <Text size="xs" c="dimmed">
        {formatDateTime(item.occurredAt)}
        {item.durationSeconds ? ` · ${formatDuration(item.durationSeconds, t)}` : ''}
        {author ? ` · ${t('timeline.by', { name: author })}` : ''}
      </Text>
      <Group gap={4} wrap="wrap">
        <FileButton onChange={pick} resetRef={resetFile}>
          {(props) => (
            <Button
              {...props}
              size="compact-xs"
              variant="subtle"
              className="relais-tap"
              leftSection={<PaperclipIcon />}
              loading={attach.isPending}
              data-testid="attach-file"
            >
              {t('attachments.attach')}
            </Button>
          )}
        </FileButton>
        {canEditInteraction(user, item) && (
          <Button size="compact-xs" variant="subtle" className="relais-tap" onClick={() => onEdit(item)} data-testid="edit-entry">
            {t('timeline.edit')}
          </Button>
        )}
      </Group>
      {uploadError && (
        <Alert
          color="red"
          variant="light"
          role="alert"
          withCloseButton
          closeButtonLabel={t('attachments.dismiss')}
          onClose={() => setUploadError(null)}
          data-testid="attachment-error"
        >
          <Text size="sm">{uploadError}</Text>
        </Alert>
      )}
    </Stack>
  );
}
