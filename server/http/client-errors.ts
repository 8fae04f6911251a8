import http from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ERROR_MESSAGES, ERROR_STATUS, type ErrorCode } from '../../common/errors.js';
import { AppError } from '../errors.js';
import { sendError } from './error-handler.js';

/**
 * Errors Fastify raises before routing (a URL that does not decode, a parameter too long): the
 * same `{ error: { code, message, details } }` as every other answer.
 */
export function frameworkErrors(_error: Error, request: FastifyRequest, reply: FastifyReply) {
  return sendError(request, reply, new AppError('BAD_REQUEST'));
}

/**
 * Errors Node's HTTP parser raises before there is a request at all (headers or query string too
 * long, a client too slow): answered on the socket, in the API's error shape. There are no parsed
 * headers to choose a language from, so the message is English.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket) {
  // A reset connection has nobody to answer (Node's own advice for 'clientError').
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const code: ErrorCode =
    error.code === 'HPE_HEADER_OVERFLOW' ? 'HEADERS_TOO_LARGE' : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 'REQUEST_TIMEOUT' : 'BAD_REQUEST';
  const status = ERROR_STATUS[code];
  const body = JSON.stringify({ error: { code, message: ERROR_MESSAGES[code].en, details: null } });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
