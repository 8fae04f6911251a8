/**
 * `Idempotency-Key` on creating POSTs (QUALITY 21; the header of the IETF draft
 * draft-ietf-httpapi-idempotency-key-header): a client that did not get the answer to a creation —
 * a dropped connection, a timeout, a phone system retrying its webhook — sends the same request
 * with the same key again and gets the first answer back, marked `Idempotent-Replayed: true`,
 * instead of a second record. The same key with another request is refused (422), and a request
 * arriving while the first with its key still runs is told to retry (409): concurrent retries make
 * one record. Routes opt in with `config: { idempotent: true }`; without the header nothing changes.
 * Not the routes whose request or answer holds a secret (a user's password, an API token, a
 * telephony integration's secret): the key's record would keep it, or a fast hash of it.
 *
 * Keys belong to the user (session or API token alike) and live a day. Successful answers are kept
 * and replayed. A refused request (4xx) or a database outage (503) releases the key for the retry —
 * provided the request committed no change: each keyed request keeps a ledger of its commits
 * (db/commits.ts), and a 4xx or 503 after a commit (or after a commit cut off with no answer) is
 * not taken for "nothing happened". Each transaction that writes also marks the key "committed"
 * just before its COMMIT, in the same transaction: a request that made its change and then failed,
 * or whose process died before it could record its answer, leaves a committed key, and retries get
 * 409 IDEMPOTENCY_ANSWER_LOST ("look it up"), never a second record. A key still "pending" after
 * PENDING_TAKEOVER_MS belongs to a request that committed nothing (a crash, a 500 before any
 * write): a retry takes it over and runs the request. Each claim carries a token, so a first
 * request finishing after another took its key over records or releases nothing.
 * A kept answer holds the created record as it was (personal data): expired ones are purged, at
 * most once a minute, by the next keyed request of anyone.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { Clock } from '../clock.js';
import { currentCommitLedger, withCommitLedger, type CommitLedger } from '../db/commits.js';
import type { Db } from '../db/dialect/features.js';
import { AppError, validation } from '../errors.js';
import { callerOf } from './types.js';
import { sendError } from './error-handler.js';

/** How long a key and its answer are kept (the draft's suggestion, and Stripe's). */
export const KEY_TTL_MS = 24 * 3600_000;
/** A claim older than this is a request that never finished (a crash): a retry may take it over. */
export const PENDING_TAKEOVER_MS = 2 * 60_000;
const HEADER = 'idempotency-key';
/** Printable ASCII, as a header value can safely carry it, up to the column's length. */
const VALID_KEY = /^[\x20-\x7e]{1,255}$/;
/** Headers of the first answer that a replay repeats. */
const KEPT_HEADERS = ['content-type', 'etag', 'location'] as const;

/** How many times the request carries a header (rawHeaders lists each occurrence, names then values). */
function timesSent(request: FastifyRequest, name: string): number {
  let times = 0;
  for (let i = 0; i < request.raw.rawHeaders.length; i += 2) if (request.raw.rawHeaders[i].toLowerCase() === name) times++;
  return times;
}

/** How often expired keys are purged (by the next keyed request after that). */
const PURGE_EVERY_MS = 60_000;

/** A key held by a running request: onSend records the answer or releases it, if it still holds it. */
interface Claim {
  userId: string;
  key: string;
  token: string;
  /** What the request committed once it held the key. */
  ledger?: CommitLedger;
}
const claims = new WeakMap<FastifyRequest, Claim>();

export function createIdempotencyHooks(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;
  let lastPurge = 0;

  /** Answers kept longer than KEY_TTL_MS are deleted, at most once per PURGE_EVERY_MS. */
  async function purgeExpired(now: Date) {
    if (now.getTime() - lastPurge < PURGE_EVERY_MS) return;
    lastPurge = now.getTime();
    await db.deleteFrom('idempotency_keys').where('created_at', '<', new Date(now.getTime() - KEY_TTL_MS).toISOString()).execute();
  }

  /** First on the routes that opt in: a keyed request keeps a ledger of its commits (see above). */
  function onRequest(request: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) {
    if (request.headers[HEADER] === undefined) return done();
    withCommitLedger(() => done());
  }

  /**
   * Holds the key for this request; from here on its ledger counts (the claim itself is not a
   * change), and each of its commits marks the key committed (see above).
   */
  function hold(request: FastifyRequest, claim: Claim) {
    claim.ledger = currentCommitLedger();
    if (claim.ledger) {
      claim.ledger.committed = 0;
      claim.ledger.uncertain = 0;
      claim.ledger.mark = db
        .updateTable('idempotency_keys')
        .set({ status: 'committed' })
        .where('user_id', '=', claim.userId)
        .where('key', '=', claim.key)
        .where('claim_token', '=', claim.token)
        // Only from pending: the answer recorded at the end ('done') is a write of the request too.
        .where('status', '=', 'pending')
        .compile();
    }
    claims.set(request, claim);
  }

  /** Runs after authentication and validation, on the routes that opt in: claims the key, or answers for it. */
  async function preHandler(request: FastifyRequest, reply: FastifyReply) {
    const key = request.headers[HEADER];
    if (key === undefined) return;
    // Node joins a repeated custom header into one value ("a, b"): a key sent twice is refused,
    // not taken for a third key made of both.
    if (typeof key !== 'string' || timesSent(request, HEADER) > 1 || !VALID_KEY.test(key)) {
      return sendError(request, reply, validation(`headers.${HEADER}`, 'one value of 1 to 255 printable ASCII characters'));
    }
    const userId = callerOf(request).id;
    const fingerprint = createHash('sha256').update(`${request.method} ${request.url}\n${JSON.stringify(request.body ?? null)}`).digest('hex');
    const now = clock.now();
    const claim: Claim = { userId, key, token: randomBytes(12).toString('hex') };
    const fresh = { fingerprint, claim_token: claim.token, status: 'pending' as const, response_status: null, response_headers: null, response_body: null, created_at: now.toISOString() };

    await purgeExpired(now);
    const inserted = await db
      .insertInto('idempotency_keys')
      .values({ user_id: userId, key, ...fresh })
      .onConflict((oc) => oc.columns(['user_id', 'key']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) {
      hold(request, claim);
      return;
    }

    const existing = await db.selectFrom('idempotency_keys').selectAll().where('user_id', '=', userId).where('key', '=', key).executeTakeFirst();
    // Gone between the two statements (released by a failed first request): the client retries.
    if (!existing) return inUse(request, reply);
    const expired = existing.created_at < new Date(now.getTime() - KEY_TTL_MS).toISOString();
    if (!expired && existing.fingerprint !== fingerprint) return sendError(request, reply, new AppError('IDEMPOTENCY_KEY_REUSED'));
    if (!expired && existing.status === 'done') {
      const headers = JSON.parse(existing.response_headers ?? '{}') as Record<string, string>;
      return reply.status(existing.response_status ?? 200).headers(headers).header('Idempotent-Replayed', 'true').send(existing.response_body ?? '');
    }
    const stale = existing.created_at < new Date(now.getTime() - PENDING_TAKEOVER_MS).toISOString();
    // Committed, and no answer recorded long after: the first request made its change and then failed or died.
    if (!expired && existing.status === 'committed' && stale) return sendError(request, reply, new AppError('IDEMPOTENCY_ANSWER_LOST'));
    const abandoned = existing.status === 'pending' && stale;
    if (expired || abandoned) {
      // Compare-and-set on the claim it replaces: of several retries arriving at once, one takes it.
      const taken = await db
        .updateTable('idempotency_keys')
        .set(fresh)
        .where('user_id', '=', userId)
        .where('key', '=', key)
        .where('claim_token', '=', existing.claim_token)
        .executeTakeFirst();
      if (Number(taken.numUpdatedRows) === 1) {
        hold(request, claim);
        return;
      }
    }
    return inUse(request, reply);
  }

  function inUse(request: FastifyRequest, reply: FastifyReply) {
    reply.header('Retry-After', '1');
    return sendError(request, reply, new AppError('IDEMPOTENCY_KEY_IN_USE'));
  }

  /** Records a successful answer under the key, or releases the key of a request that changed nothing — if this request still holds it. */
  async function onSend(request: FastifyRequest, reply: FastifyReply, payload: unknown) {
    const claim = claims.get(request);
    if (!claim) return payload;
    claims.delete(request);
    // What follows records the answer itself: nothing more to mark.
    if (claim.ledger) claim.ledger.mark = undefined;
    const status = reply.statusCode;
    const body = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : payload == null ? '' : undefined;
    try {
      if (status >= 200 && status < 300 && body !== undefined) {
        const headers: Record<string, string> = {};
        for (const name of KEPT_HEADERS) {
          const value = reply.getHeader(name);
          if (value !== undefined) headers[name] = String(value);
        }
        await db
          .updateTable('idempotency_keys')
          .set({ status: 'done', response_status: status, response_headers: JSON.stringify(headers), response_body: body })
          .where('user_id', '=', claim.userId)
          .where('key', '=', claim.key)
          .where('claim_token', '=', claim.token)
          .execute();
      } else if ((status >= 400 && status < 500) || status === 503) {
        const changed = claim.ledger && (claim.ledger.committed > 0 || claim.ledger.uncertain > 0);
        if (!changed) {
          await db.deleteFrom('idempotency_keys').where('user_id', '=', claim.userId).where('key', '=', claim.key).where('claim_token', '=', claim.token).execute();
        } else {
          request.log.warn({ status, key: claim.key }, 'an idempotent request failed after committing: its key stays claimed');
        }
      }
      // Otherwise (a 500, an answer streamed, an error after a commit) the key stays as its commits
      // left it: committed (retries are told the answer is lost) or pending (taken over later).
    } catch (error) {
      // The answer itself still goes out; the key then waits for PENDING_TAKEOVER_MS.
      request.log.error({ err: error }, 'could not record the answer of an idempotent request');
    }
    return payload;
  }

  return { onRequest, preHandler, onSend };
}
