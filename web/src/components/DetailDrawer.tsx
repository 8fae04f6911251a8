import type { ReactNode } from 'react';
import { Drawer } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useI18n } from '../i18n/useI18n.js';

/**
 * A record's detail in a drawer on the right, the whole width on a phone.
 * Escape closes it only when pressed in the drawer itself: Mantine's own Escape listens on the
 * window, so the Escape that closes a dialog opened from the drawer (reject a lead, confirm a
 * conversion) closed the drawer behind it too, and what was typed there.
 */
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
      closeOnEscape={false}
      // React's events bubble out of a portaled dialog into this drawer: only Escape pressed in the drawer's own elements counts.
      onKeyDown={(event) => {
        if (event.key === 'Escape' && event.currentTarget.contains(event.target as Node)) onClose();
      }}
      data-testid={testId}
    >
      {children}
    </Drawer>
  );
}
