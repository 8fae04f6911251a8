import type { Caller } from '../../context.js';
import { isInAudience, type EventBus } from '../../events/bus.js';
import { credentialOf } from '../../http/auth-hook.js';
import { callerOf, type App } from '../../http/types.js';
import type { AuthService } from '../access/auth.service.js';

const HEARTBEAT_MS = 20_000;

/**
 * GET /api/events: Server-Sent Events for the logged-in user. Each event bus message is checked
 * against its audience before it is written to this user's stream.
 *
 * A stream outlives the request that authenticated it, so it checks its credential again when the
 * user's access changes (logout, token revoked, role, disabled, password) and at every heartbeat
 * (a session that expires): a stream whose credential no longer holds, or whose role changed, ends.
 * A reconnection is authenticated and filtered afresh.
 */
export function registerEventRoutes(app: App, deps: { events: EventBus; auth: AuthService }) {
  const rechecks = new Set<() => Promise<void>>();
  /** Ends each open stream: a stopping server does not wait for browsers to hang up (they reconnect). */
  const enders = new Set<() => void>();
  app.addHook('preClose', async () => {
    for (const end of [...enders]) end();
  });

  app.get('/api/events', {
    schema: { tags: ['live'], summary: 'Server-Sent Events stream of the live events addressed to you (task.reminder, notification…)' },
    config: {
      permission: 'events.stream',
      documentedContent: {
        types: ['text/event-stream'],
        description: 'Server-Sent Events: `event: TYPE` and `data: JSON` per event, first `ready`; a comment line every 20 s keeps it open',
      },
    },
  }, async (request, reply) => {
    const caller = callerOf(request);
    const credential = credentialOf(request);
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Accel-Buffering': 'no',
      'X-Content-Type-Options': 'nosniff',
    });
    const send = (type: string, data: unknown) => {
      // JSON has no raw newlines, so one data line per event cannot be split or forged.
      raw.write(`event: ${type.replace(/[^\w.-]/g, '')}\ndata: ${JSON.stringify(data)}\n\n`);
    };
    let ended = false;
    const recheck = async () => {
      if (ended) return;
      let now: Caller | undefined;
      try {
        // From the database: this check runs on the very event that makes kept credentials stale.
        now = await credential.authenticate(deps.auth, true);
      } catch {
        // The database did not answer: keep the stream and decide at the next check, rather than
        // drop every stream at once during a brief outage.
        return;
      }
      // The stream's audience (role, team) was read at connection: a change ends it, and the
      // browser reconnects with the new one.
      if (ended || (now && now.role === caller.role && now.teamId === caller.teamId)) return;
      ended = true;
      send('access.changed', { userId: caller.id });
      raw.end();
    };
    send('ready', { userId: caller.id });
    const unsubscribe = deps.events.subscribe((event) => {
      if (!isInAudience(event.audience, caller)) return;
      if (event.type === 'access.changed') void recheck();
      else send(event.type, event.data);
    });
    const heartbeat = setInterval(() => {
      raw.write(': keep-alive\n\n');
      void recheck();
    }, HEARTBEAT_MS);
    rechecks.add(recheck);
    const close = () => {
      ended = true;
      clearInterval(heartbeat);
      unsubscribe();
      rechecks.delete(recheck);
      enders.delete(end);
    };
    const end = () => {
      close();
      raw.end();
    };
    enders.add(end);
    request.raw.on('close', close);
    raw.on('close', close);
    raw.on('error', close);
  });

  return {
    /** Streams open on this instance. */
    openStreams: () => enders.size,
    /** What each heartbeat does, for every open stream at once (tests use it instead of waiting). */
    recheckAll: async () => {
      await Promise.all([...rechecks].map((recheck) => recheck()));
    },
  };
}
