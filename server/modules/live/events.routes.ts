import { isInAudience, type EventBus } from '../../events/bus.js';
import { callerOf, type App } from '../../http/types.js';

const HEARTBEAT_MS = 20_000;

/**
 * GET /api/events: Server-Sent Events for the logged-in user. Each event bus message is checked
 * against its audience before it is written to this user's stream.
 */
export function registerEventRoutes(app: App, events: EventBus) {
  app.get('/api/events', {
    schema: { tags: ['live'], summary: 'Server-Sent Events stream of the live events addressed to you (task.reminder, notification…)' },
    config: { permission: 'events.stream' },
  }, async (request, reply) => {
    const caller = callerOf(request);
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
    send('ready', { userId: caller.id });
    const unsubscribe = events.subscribe((event) => {
      if (!isInAudience(event.audience, caller)) return;
      send(event.type, event.data);
      // The user's rights changed (role, disabled, password): end the stream; a reconnection is
      // authenticated and filtered afresh.
      if (event.type === 'access.changed') raw.end();
    });
    const heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), HEARTBEAT_MS);
    const close = () => {
      clearInterval(heartbeat);
      unsubscribe();
    };
    request.raw.on('close', close);
    raw.on('close', close);
    raw.on('error', close);
  });
}
