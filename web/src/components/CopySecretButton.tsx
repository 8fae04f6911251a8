import { useEffect, useRef, useState, type RefObject } from 'react';
import { Button, Text } from '@mantine/core';
import { useI18n } from '../i18n/useI18n.js';
import { copyText, selectContents } from '../lib/clipboard.js';

interface CopySecretButtonProps {
  value: string;
  /** The element showing the secret: selected for the user when the browser refuses to copy. */
  target: RefObject<HTMLElement | null>;
  testId: string;
}

/**
 * "Copy" for a secret shown once (an API token, a telephony secret). It works over plain HTTP too;
 * when the browser copies nothing, it says so and selects the secret for a Ctrl+C by hand, rather
 * than leaving the user to believe it is in the clipboard.
 */
export function CopySecretButton({ value, target, testId }: CopySecretButtonProps) {
  const { t } = useI18n();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const timer = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(timer.current), []);

  const copy = async () => {
    window.clearTimeout(timer.current);
    if (await copyText(value)) {
      setState('copied');
      timer.current = window.setTimeout(() => setState('idle'), 2000);
    } else {
      setState('failed');
      selectContents(target.current);
    }
  };

  return (
    <>
      <Button size="xs" color={state === 'copied' ? 'teal' : 'blue'} onClick={() => void copy()} data-testid={testId} data-state={state}>
        {state === 'copied' ? t('copy.copied') : t('copy.copy')}
      </Button>
      {state === 'failed' && (
        <Text size="sm" c="red" role="alert" data-testid={`${testId}-failed`} style={{ flexBasis: '100%' }}>
          {t('copy.failed')}
        </Text>
      )}
    </>
  );
}
