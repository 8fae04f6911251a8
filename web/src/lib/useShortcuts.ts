import { useHotkeys, type HotkeyItem } from '@mantine/hooks';

/** Inputs that take no typed text: a single-letter shortcut pressed there is meant as one. */
const NOT_TYPED = new Set(['button', 'checkbox', 'color', 'file', 'image', 'radio', 'range', 'reset', 'submit']);

/** Whether keys pressed on `target` are text being typed. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT') return true;
  return target.tagName === 'INPUT' && !NOT_TYPED.has((target as HTMLInputElement).type);
}

/**
 * Single-key shortcuts (Esc, 1–9, N on the screen pop; A, C, P on a record), ignored only while
 * text is being typed. Mantine's default ignores every INPUT, so after a click on a filter chip,
 * a radio button or the language switch (all inputs) the shortcuts shown on screen did nothing.
 */
export function useShortcuts(shortcuts: HotkeyItem[]): void {
  useHotkeys(
    // Mantine would cancel the key before the handler could tell typing apart: the letter typed
    // in a name would vanish. Cancelled here only when it is a shortcut.
    shortcuts.map(([key, handler, options]) => [
      key,
      (event: KeyboardEvent) => {
        if (isTyping(event.target)) return;
        event.preventDefault();
        handler(event);
      },
      { ...options, preventDefault: false },
    ] as HotkeyItem),
    [],
  );
}
