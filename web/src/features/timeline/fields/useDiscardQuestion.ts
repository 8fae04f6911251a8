import { useCallback, useEffect, useRef, useState, type FocusEvent } from 'react';

interface DiscardQuestionOptions {
  /** The panel is open: each opening starts without the question. */
  opened: boolean;
  /** Something was typed or chosen that closing would lose (or a function saying so when asked, for a form that keeps its own state). */
  hasInput: boolean | (() => boolean);
  /** Closes the form, forgetting what was typed. */
  onDiscard: () => void;
  /** The field given the keyboard back when none was focused yet. */
  fallbackTestId: string;
}

/**
 * "Discard what you typed?" for a panel: Escape, a click outside and the close button all go
 * through `requestClose`, so typed text is never lost unasked. "Keep editing" gives the keyboard
 * back to the field being typed in (the question closing would otherwise leave the focus nowhere,
 * and Tab would go behind the panel): the form reports its focus with `trackFocus`.
 */
export function useDiscardQuestion({ opened, hasInput, onDiscard, fallbackTestId }: DiscardQuestionOptions) {
  const [asking, setAsking] = useState(false);
  const lastField = useRef<HTMLElement | null>(null);
  useEffect(() => {
    if (opened) setAsking(false);
  }, [opened]);

  // The field to return to, as it was when the question opened: the panel's focus trap may focus
  // another of its fields as the question closes, which trackFocus would then take for the last one.
  const returnTo = useRef<HTMLElement | null>(null);
  const requestClose = () => {
    // Escape reaches both the question and the panel beneath it: the question answers it.
    if (asking) return;
    if (typeof hasInput === 'function' ? hasInput() : hasInput) {
      returnTo.current = lastField.current;
      setAsking(true);
    } else onDiscard();
  };
  const discard = () => {
    setAsking(false);
    onDiscard();
  };
  const keepEditing = () => {
    setAsking(false);
    requestAnimationFrame(() => {
      const field = returnTo.current?.isConnected ? returnTo.current : document.querySelector<HTMLElement>(`[data-testid="${fallbackTestId}"]`);
      field?.focus();
    });
  };
  const trackFocus = useCallback((event: FocusEvent) => {
    lastField.current = event.target as HTMLElement;
  }, []);

  return { asking, requestClose, discard, keepEditing, trackFocus };
}
