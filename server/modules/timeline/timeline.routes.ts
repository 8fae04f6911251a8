import fastifyMultipart from '@fastify/multipart';
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../errors.js';
import { callerOf, type App } from '../../http/types.js';
import { deleteBody, expectedVersion, ifMatchHeaders, sendWithETag } from '../../http/versions.js';
import { INLINE_TYPES, MAX_ATTACHMENT_BYTES, type AttachmentsService } from './attachments.js';
import { createInteractionBody, listInteractionsQuery, updateInteractionBody } from './timeline.schemas.js';
import { attachmentContent, attachmentResponse, interactionResponse, interactionsPage } from './timeline.responses.js';
import type { TimelineService } from './timeline.service.js';

const idParams = z.object({ id: z.string().min(1).max(36) }).strict();

/** What an interaction's answer says of its files, in words beside its documented schema. */
const ATTACHMENTS_IN_ANSWER =
  'Each interaction lists its `attachments`: `id`, `fileName`, `contentType`, `size` (bytes), `createdBy` (the id of the user who added it, ' +
  'who may not be the entry\'s author; null if unknown) and `createdAt`.';

export function registerTimelineRoutes(app: App, timeline: TimelineService, attachments: AttachmentsService) {
  app.post('/api/interactions', {
    schema: { tags: ['timeline'], summary: 'Log an interaction on any channel', body: createInteractionBody },
    config: { permission: 'interactions.create', idempotent: true, successStatus: 201, documentedResponse: interactionResponse, etag: true },
  }, async (request, reply) => reply.status(201).send(sendWithETag(reply, await timeline.create(callerOf(request), request.body))));

  app.get('/api/interactions', {
    schema: { tags: ['timeline'], summary: 'Timeline, newest first, filtered by record, channel and dates', description: ATTACHMENTS_IN_ANSWER, querystring: listInteractionsQuery },
    config: { permission: 'interactions.read', documentedResponse: interactionsPage },
  }, async (request) => timeline.list(request.query));

  app.get('/api/interactions/:id', {
    schema: { tags: ['timeline'], description: ATTACHMENTS_IN_ANSWER, params: idParams },
    config: { permission: 'interactions.read', documentedResponse: interactionResponse, etag: true },
  }, async (request, reply) => sendWithETag(reply, await timeline.get(request.params.id)));

  app.patch('/api/interactions/:id', {
    schema: { tags: ['timeline'], summary: 'Correct an interaction; send the version you read (or If-Match) to detect concurrent edits', params: idParams, headers: ifMatchHeaders, body: updateInteractionBody },
    config: { permission: 'interactions.update', documentedResponse: interactionResponse, etag: true },
  }, async (request, reply) => {
    const input = { ...request.body, version: expectedVersion(request, request.body.version) };
    return sendWithETag(reply, await timeline.update(callerOf(request), request.grant!, request.params.id, input));
  });

  app.delete('/api/interactions/:id', {
    schema: { tags: ['timeline'], summary: 'Withdraw an interaction logged by mistake (audited); send the version you read (or If-Match) to detect concurrent edits', params: idParams, headers: ifMatchHeaders, body: deleteBody },
    config: { permission: 'interactions.delete', successStatus: 204 },
  }, async (request, reply) => {
    await timeline.remove(callerOf(request), request.grant!, request.params.id, expectedVersion(request, request.body?.version));
    return reply.status(204).send();
  });

  // The multipart parser only where a file is uploaded: its hooks run on every request of the
  // scope it is registered in (two per request, the caller lookup's included, when it was global).
  app.register(async (scope) => {
    const uploads = scope as unknown as App;
    await uploads.register(fastifyMultipart, { limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 1, fields: 5 }, throwFileSizeLimit: true });
    uploads.post('/api/interactions/:id/attachments', {
      schema: {
        tags: ['timeline'],
        summary: 'Attach a file (multipart field "file", 20 MB max); its type is checked by content',
        description: 'Answers the attachment: `id`, `interactionId`, `fileName`, `contentType`, `size`, `sha256`, `createdBy` (the caller) and `createdAt`.',
        params: idParams,
      },
      config: { permission: 'interactions.create', successStatus: 201, documentedResponse: attachmentResponse, multipart: true },
    }, async (request, reply) => {
      const { filename, content } = await readUpload(request);
      return reply.status(201).send(await attachments.add(callerOf(request), request.params.id, filename, content));
    });
  });

  app.get('/api/attachments/:id', {
    schema: { tags: ['timeline'], summary: 'Download an attachment', params: idParams },
    config: { permission: 'interactions.read', documentedContent: attachmentContent },
  }, async (request, reply) => {
    const { row, content } = await attachments.get(request.params.id);
    const disposition = INLINE_TYPES.has(row.content_type) ? 'inline' : 'attachment';
    return reply
      .type(row.content_type)
      .header('Content-Disposition', `${disposition}; filename*=UTF-8''${encodeURIComponent(row.file_name)}`)
      .header('Content-Security-Policy', "default-src 'none'; sandbox")
      .send(content);
  });
}

/**
 * The one file of a multipart upload. A body the multipart parser cannot read (cut short, no
 * boundary) is the client's error, a 400; the parser's own errors with a status (too large: 413,
 * not multipart: 415) keep theirs through the error handler. A second file is refused rather than
 * dropped: the client would believe both attached.
 */
async function readUpload(request: FastifyRequest): Promise<{ filename: string; content: Buffer }> {
  try {
    const files = request.files({ limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 2 } });
    const first = await files.next();
    if (first.done) throw new AppError('VALIDATION_FAILED', 'file: missing', [{ path: 'file', message: 'required' }]);
    const upload = { filename: first.value.filename, content: await first.value.toBuffer() };
    const second = await files.next();
    if (!second.done) {
      second.value.file.resume(); // read to its end, so that the answer is sent on a drained request
      throw new AppError('VALIDATION_FAILED', 'file: one file per request', [{ path: 'file', message: 'one file per request' }]);
    }
    return upload;
  } catch (error) {
    if (error instanceof AppError || (error as { code?: string }).code || (error as { statusCode?: number }).statusCode) throw error;
    throw new AppError('BAD_REQUEST', 'file: the multipart body could not be read', [{ path: 'file', message: 'unreadable' }]);
  }
}
