import type { ReactNode } from 'react';
import { Drawer } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useI18n } from '../i18n/useI18n.js';

/** A record's detail in a drawer on the right, the whole width on a phone. */
export function DetailDrawer({ opened, onClose, title, testId, children }: { opened: boolean; onClose: () => void; title: string; testId: string; children: ReactNode }) {
  const { t } = useI18n();
  const isPhone = useMediaQuery('(max-width: 48em)');
  return (
    <Drawer
      opened={opened}
      onClose={onClose}
      position="right"
      size={isPhone ? '100%' : 'lg'}
      title={title}
      closeButtonProps={{ 'aria-label': t('common.close') }}
      data-testid={testId}
    >
      {children}
    </Drawer>
  );
}
