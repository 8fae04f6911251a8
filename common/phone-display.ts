/**
 * Shared by the web app and the server (the search box's detail line), so a number reads the same
 * everywhere. A calling number as people read it: French numbers (+33…) in the national form
 * "06 12 34 56 78"; anything else as the phone system wrote it (or its E.164 form).
 */
export function formatPhone(raw: string | null | undefined, e164?: string | null): string {
  const international = e164 ?? (raw && /^\+\d{6,15}$/.test(raw.replace(/[\s.-]/g, '')) ? raw.replace(/[\s.-]/g, '') : null);
  if (international && /^\+33[1-9]\d{8}$/.test(international)) {
    const national = `0${international.slice(3)}`;
    return national.replace(/(\d{2})(?=\d)/g, '$1 ');
  }
  return raw?.trim() || international || '';
}

/**
 * Whether a text is a phone number as written (digits, spaces, + . - and brackets, at least four
 * digits): not a withheld caller's "anonymous", not a summary someone wrote.
 */
export function isPhoneNumber(text: string | null | undefined): boolean {
  return Boolean(text && /^[+\d\s().-]+$/.test(text) && text.replace(/\D/g, '').length >= 4);
}
