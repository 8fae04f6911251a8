import { useState } from 'react';
import { Button, Menu } from '@mantine/core';
import { useAuth } from '../../auth/useAuth.js';
import { canDeleteRecords, canMergeRecords, type RecordType } from '../../auth/permissions.js';
import { useI18n } from '../../i18n/useI18n.js';
import { DeleteRecordModal } from './DeleteRecordModal.js';
import { MergeRecordModal } from './MergeRecordModal.js';

interface RecordActionsMenuProps {
  type: RecordType;
  record: { id: string; name: string; version: number };
}

/**
 * The rarer actions on a record (merge with another, delete), in a menu so that the header keeps
 * to one line on a phone. Shown only to those allowed (managers and admins); the server checks again.
 */
export function RecordActionsMenu({ type, record }: RecordActionsMenuProps) {
  const { t } = useI18n();
  const { user } = useAuth();
  const [dialog, setDialog] = useState<'merge' | 'delete' | null>(null);
  const mayMerge = canMergeRecords(user, type);
  const mayDelete = canDeleteRecords(user, type);
  if (!mayMerge && !mayDelete) return null;
  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button variant="default" rightSection="▾" data-testid="record-actions">
            {t('record.moreActions')}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          {mayMerge && (
            <Menu.Item onClick={() => setDialog('merge')} data-testid="record-action-merge">
              {t('record.mergeAction')}
            </Menu.Item>
          )}
          {mayDelete && (
            <Menu.Item color="red" onClick={() => setDialog('delete')} data-testid="record-action-delete">
              {t('record.deleteAction')}
            </Menu.Item>
          )}
        </Menu.Dropdown>
      </Menu>
      {dialog === 'merge' && <MergeRecordModal type={type} current={record} onClose={() => setDialog(null)} />}
      {dialog === 'delete' && <DeleteRecordModal type={type} record={record} onClose={() => setDialog(null)} />}
    </>
  );
}
