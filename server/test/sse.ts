import http from 'node:http';

export interface SseEvent {
  type: string;
  data: any;
}

/** A real Server-Sent Events client over HTTP, collecting events until closed. */
export function openEventStream(url: string, credential: string | { cookie: string }) {
  const events: SseEvent[] = [];
  const waiters: { predicate: (e: SseEvent) => boolean; resolve: (e: SseEvent) => void }[] = [];
  let buffer = '';
  let markEnded: () => void = () => undefined;
  const ended = new Promise<void>((resolve) => (markEnded = resolve));
  const authHeader = typeof credential === 'string' ? { authorization: `Bearer ${credential}` } : { cookie: credential.cookie };
  const request = http.get(url, { headers: { ...authHeader, accept: 'text/event-stream' } });
  const connected = new Promise<number>((resolve, reject) => {
    request.on('response', (response) => {
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        buffer += chunk;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const type = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (!type || data === undefined) continue;
          const event = { type, data: JSON.parse(data) };
          events.push(event);
          for (const w of [...waiters]) {
            if (w.predicate(event)) {
              waiters.splice(waiters.indexOf(w), 1);
              w.resolve(event);
            }
          }
        }
      });
      response.on('end', () => markEnded());
      response.on('close', () => markEnded());
      resolve(response.statusCode ?? 0);
    });
    request.on('error', reject);
  });
  return {
    events,
    connected,
    /** Resolves when the server ends the stream. */
    ended,
    /** Resolves with the first event (past or future) matching; rejects after `ms`. */
    waitFor(predicate: (e: SseEvent) => boolean, ms = 5000): Promise<SseEvent> {
      const seen = events.find(predicate);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no matching event within ${ms} ms; got ${events.map((e) => e.type).join(', ')}`)), ms);
        waiters.push({ predicate, resolve: (e) => (clearTimeout(timer), resolve(e)) });
      });
    },
    close() {
      request.destroy();
    },
  };
}
