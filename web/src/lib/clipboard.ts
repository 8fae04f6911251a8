/**
 * Copies text to the clipboard, also where the Clipboard API is missing: Relais is often opened by
 * its plain-HTTP address on an office network, and browsers offer navigator.clipboard only on HTTPS
 * (and localhost). There the text is copied the older way, from a selected hidden field. Resolves
 * to false when neither way worked: the caller then asks the user to copy it by hand.
 */
export async function copyText(text: string): Promise<boolean> {
  if (window.isSecureContext && navigator.clipboard?.writeText) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // Refused (permissions, a document without focus): the older way may still work.
    }
  }
  return copyBySelection(text);
}

function copyBySelection(text: string): boolean {
  const field = document.createElement('textarea');
  field.value = text;
  field.setAttribute('readonly', '');
  // Out of sight, without scrolling the page or showing a phone's keyboard.
  Object.assign(field.style, { position: 'fixed', top: '0', left: '-9999px', opacity: '0' });
  const focused = document.activeElement as HTMLElement | null;
  document.body.appendChild(field);
  field.select();
  let copied = false;
  try {
    copied = document.execCommand('copy');
  } catch {
    copied = false;
  } finally {
    field.remove();
    focused?.focus?.();
  }
  return copied;
}

/** Selects the text of an element (a shown secret), so that the user only has to press Ctrl+C. */
export function selectContents(element: HTMLElement | null): void {
  if (!element) return;
  const selection = window.getSelection();
  if (!selection) return;
  const range = document.createRange();
  range.selectNodeContents(element);
  selection.removeAllRanges();
  selection.addRange(range);
}
