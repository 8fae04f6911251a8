import { api } from '../../lib/api.js';
import { ApiError } from '../../lib/ApiError.js';
import type { Attachment } from '../../lib/types.js';
import type { Translate } from '../../i18n/Dictionary.js';
import { translateError } from '../../i18n/translateError.js';

/** The largest file the server accepts (server/modules/timeline/attachments.ts, MAX_ATTACHMENT_BYTES). */
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

/** "12 kB" / "12 ko", "3.4 MB" / "3,4 Mo": a size as people read it, in the user's locale. */
export function formatFileSize(bytes: number, locale: string): string {
  const megabytes = bytes / (1024 * 1024);
  if (megabytes >= 1) return new Intl.NumberFormat(locale, { style: 'unit', unit: 'megabyte', maximumFractionDigits: 1 }).format(megabytes);
  const kilobytes = bytes / 1024;
  return new Intl.NumberFormat(locale, { style: 'unit', unit: 'kilobyte', maximumFractionDigits: kilobytes < 10 ? 1 : 0 }).format(kilobytes);
}

/** A file refused before it is sent (too large), else null. */
export function checkFile(file: File, t: Translate, locale: string): string | null {
  if (file.size > MAX_ATTACHMENT_BYTES) {
    return t('attachments.tooLarge', { name: file.name, size: formatFileSize(file.size, locale), max: formatFileSize(MAX_ATTACHMENT_BYTES, locale) });
  }
  if (file.size === 0) return t('attachments.empty', { name: file.name });
  return null;
}

/** Why the server refused a file, in the user's language, naming the file. */
export function attachmentErrorMessage(error: unknown, fileName: string, t: Translate, locale: string): string {
  if (error instanceof ApiError) {
    if (error.code === 'PAYLOAD_TOO_LARGE') return t('attachments.tooLargeServer', { name: fileName, max: formatFileSize(MAX_ATTACHMENT_BYTES, locale) });
    if (error.code === 'UNSUPPORTED_MEDIA_TYPE') return t('attachments.refusedType', { name: fileName });
    if (error.code === 'VALIDATION_FAILED' && error.issues.some((issue) => issue.message === 'empty file')) return t('attachments.empty', { name: fileName });
  }
  return t('attachments.failed', { name: fileName, reason: translateError(error) });
}

/** Sends one file to an interaction (multipart field "file"). */
export function uploadAttachment(interactionId: string, file: File): Promise<Attachment & { interactionId: string }> {
  const form = new FormData();
  form.append('file', file, file.name);
  return api.upload(`/api/interactions/${interactionId}/attachments`, form);
}
