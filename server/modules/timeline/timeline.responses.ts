/** What the timeline routes answer (OpenAPI document only, see server/http/responses.ts). */
import { z } from 'zod';
import { count, id, nullableId, page, recordRef, timestamp, version } from '../../http/responses.js';
import type { DocumentedContent } from '../../http/types.js';
import { ATTACHMENT_TYPES } from './attachments.js';
import { CHANNELS, DIRECTIONS, LINK_TYPES } from './timeline.schemas.js';

/** An interaction's fields the screen pop shows too (its latest interactions). */
export const interactionCardFields = {
  id,
  channel: z.enum(CHANNELS),
  direction: z.enum(DIRECTIONS).describe('in: from the customer; out: to them; internal: a note'),
  occurredAt: timestamp.describe('When it happened'),
  durationSeconds: count.nullable(),
  authorId: nullableId.describe('User who logged it'),
  personId: nullableId,
  organisationId: nullableId,
  summary: z.string().nullable(),
  body: z.string().nullable(),
  outcome: z.string().nullable().describe('e.g. reached, no_answer, voicemail, callback_requested'),
  createdAt: timestamp,
  updatedAt: timestamp,
  version,
};

export const interactionResponse = z.strictObject({
  ...interactionCardFields,
  participants: z.array(recordRef(['person', 'organisation'])).describe('Every person and organisation involved, personId and organisationId included'),
  attachments: z.array(
    z.strictObject({
      id,
      fileName: z.string(),
      contentType: z.string(),
      size: count.describe('Bytes'),
      createdBy: nullableId.describe('User who added it (not always the author); null if unknown'),
      createdAt: timestamp,
    }),
  ),
  links: z.array(recordRef(LINK_TYPES)).describe('Other records it is linked to'),
});

export const interactionsPage = page(interactionResponse);

export const attachmentResponse = z.strictObject({
  id,
  interactionId: id,
  fileName: z.string(),
  contentType: z.string().describe('Checked by content'),
  size: count.describe('Bytes'),
  sha256: z.string().describe('Hex digest of the content'),
  createdBy: nullableId,
  createdAt: timestamp,
});

/**
 * GET /api/attachments/:id: the file itself (`config.documentedContent`), in the type detected at
 * upload. To be declared on its route in timeline.routes.ts.
 */
export const attachmentContent: DocumentedContent = {
  types: ATTACHMENT_TYPES,
  description: 'The file as uploaded, in the type detected then',
  binary: true,
  headers: {
    'Content-Disposition': 'inline (PDF and images) or attachment, with the file name (RFC 5987 filename*)',
    'Content-Security-Policy': "default-src 'none'; sandbox: nothing in the file runs",
  },
};
