import { fileTypeFromBuffer } from 'file-type';
import type { Clock } from '../../clock.js';
import type { Caller } from '../../context.js';
import type { Db } from '../../db/dialect/features.js';
import { AppError } from '../../errors.js';
import { newId } from '../../ids.js';
import { writeAudit } from '../audit/audit.js';
import type { FileStore } from '../files/file-store.js';

export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

/** Types accepted, identified by their content (magic bytes), never by the name or the declared type. */
const BINARY_TYPES = new Set([
  'application/pdf',
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/tiff',
  'audio/mpeg',
  'audio/wav',
  'audio/ogg',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
  'application/zip',
]);
/** Every type an attachment is stored (and downloaded) as: the detected binary types, or plain text. */
export const ATTACHMENT_TYPES: readonly [string, ...string[]] = ['text/plain', ...BINARY_TYPES];
/** Shown in the browser; everything else is downloaded (never HTML or SVG inline). */
export const INLINE_TYPES = new Set(['application/pdf', 'image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/**
 * Plain text: valid UTF-8, or UTF-16 opened by its byte order mark (what Windows Notepad and
 * Excel's "Unicode text" write), without control characters other than tab/CR/LF.
 */
function isPlainText(content: Buffer): boolean {
  const bom = content.subarray(0, 2).toString('hex');
  const encoding = bom === 'fffe' ? 'utf-16le' : bom === 'feff' ? 'utf-16be' : 'utf-8';
  let text: string;
  try {
    text = new TextDecoder(encoding, { fatal: true }).decode(content);
  } catch {
    return false;
  }
  return !/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(text);
}

async function detectType(content: Buffer): Promise<string | undefined> {
  // Before the signatures: a UTF-16 mark (FF FE) reads as an MPEG audio frame to file-type.
  if (/^(fffe|feff)/.test(content.subarray(0, 2).toString('hex')) && isPlainText(content)) return 'text/plain';
  const detected = await fileTypeFromBuffer(content);
  if (detected) return BINARY_TYPES.has(detected.mime) ? detected.mime : undefined;
  if (isPlainText(content)) {
    // Markup is stored as plain text so it can never run in the app's origin.
    return 'text/plain';
  }
  return undefined;
}

/**
 * Keeps a readable name without path parts, control characters or direction marks: a right-to-left
 * override shows "facture\u202Efdp.exe" as "facture…exe.pdf", a program passing for a PDF.
 */
export function safeFileName(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? 'file';
  const cleaned = base.replace(/[\u0000-\u001F\u007F"\u200E\u200F\u202A-\u202E\u2066-\u2069]/g, '').trim().slice(0, 200);
  return cleaned || 'file';
}

export function createAttachmentsService(deps: { db: Db; clock: Clock; files: FileStore; log?: { error: (obj: unknown, msg?: string) => void } }) {
  const { db, clock, files } = deps;
  const log = deps.log ?? console;
  return {
    async add(caller: Caller, interactionId: string, fileName: string, content: Buffer) {
      const interaction = await db.selectFrom('interactions').select(['id', 'author_id']).where('id', '=', interactionId).where('deleted_at', 'is', null).executeTakeFirst();
      if (!interaction) throw new AppError('NOT_FOUND', 'interaction not found');
      if (content.length === 0) throw new AppError('VALIDATION_FAILED', 'file: empty', [{ path: 'file', message: 'empty file' }]);
      const contentType = await detectType(content);
      if (!contentType) {
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'file: this type of file is not accepted', [{ path: 'file', message: 'type not accepted' }]);
      }
      const sha256 = await files.put(content);
      const now = clock.now().toISOString();
      const row = { id: newId(), interaction_id: interactionId, file_name: safeFileName(fileName), content_type: contentType, size: content.length, sha256, created_at: now, created_by: caller.id };
      await db.transaction().execute(async (trx) => {
        await trx.insertInto('attachments').values(row).execute();
        await writeAudit(trx, { at: now, actorId: caller.id, entityType: 'attachment', entityId: row.id, action: 'create', changes: { interactionId: { old: null, new: interactionId }, fileName: { old: null, new: row.file_name }, sha256: { old: null, new: sha256 } } });
      });
      return { id: row.id, interactionId, fileName: row.file_name, contentType, size: row.size, sha256, createdBy: row.created_by, createdAt: row.created_at };
    },

    /** The attachment's metadata and bytes; "not found" also when its interaction is gone. */
    async get(id: string) {
      const row = await db
        .selectFrom('attachments as a')
        .innerJoin('interactions as i', 'i.id', 'a.interaction_id')
        .selectAll('a')
        .where('a.id', '=', id)
        .where('i.deleted_at', 'is', null)
        .executeTakeFirst();
      if (!row) throw new AppError('NOT_FOUND', 'attachment not found');
      try {
        return { row, content: await files.read(row.sha256) };
      } catch (error) {
        // The database knows the file and the folder does not have it: a restore without its
        // files, a files/ folder not shared between instances. An administrator must know.
        if (error instanceof AppError && error.code === 'FILE_MISSING') log.error({ attachmentId: id, sha256: row.sha256 }, 'attachment file missing from the files folder');
        throw error;
      }
    },
  };
}

export type AttachmentsService = ReturnType<typeof createAttachmentsService>;
