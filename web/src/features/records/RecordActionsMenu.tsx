import { useState } from 'react';
import { Button, Menu } from '@mantine/core';
import { useAuth } from '../../auth/useAuth.js';
import { canDeleteRecords, canMergeRecords, ownerChoice, type RecordType } from '../../auth/permissions.js';
import { useI18n } from '../../i18n/useI18n.js';
import { DeleteRecordModal } from './DeleteRecordModal.js';
import { MergeRecordModal } from './MergeRecordModal.js';
import { ChangeOwnerModal } from './ChangeOwnerModal.js';

interface RecordActionsMenuProps {
  type: RecordType;
  record: { id: string; name: string; version: number; ownerId: string | null };
}

/**
 * The rarer actions on a record (hand it over, merge with another, delete), in a menu so that the
 * header keeps to one line on a phone. Each shown only to those allowed; the server checks again.
 */
export function RecordActionsMenu({ type, record }: RecordActionsMenuProps) {
  const { t } = useI18n();
  const { user } = useAuth();
  const [dialog, setDialog] = useState<'owner' | 'merge' | 'delete' | null>(null);
  const mayChangeOwner = ownerChoice(user, type, record) !== null;
  const mayMerge = canMergeRecords(user, type);
  const mayDelete = canDeleteRecords(user, type);
  if (!mayChangeOwner && !mayMerge && !mayDelete) return null;
  return (
    <>
      <Menu position="bottom-end" withinPortal>
        <Menu.Target>
          <Button variant="default" rightSection="▾" data-testid="record-actions">
            {t('record.moreActions')}
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          {mayChangeOwner && (
            <Menu.Item onClick={() => setDialog('owner')} data-testid="record-action-owner">
              {t('record.ownerAction')}
            </Menu.Item>
          )}
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
      {dialog === 'owner' && <ChangeOwnerModal type={type} record={record} onClose={() => setDialog(null)} />}
      {dialog === 'merge' && <MergeRecordModal type={type} current={record} onClose={() => setDialog(null)} />}
      {dialog === 'delete' && <DeleteRecordModal type={type} record={record} onClose={() => setDialog(null)} />}
    </>
  );
}
