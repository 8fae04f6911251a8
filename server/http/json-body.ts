import type { FastifyInstance } from 'fastify';
import secureJson from 'secure-json-parse';
import { AppError } from '../errors.js';

/** Throws on bytes that are not UTF-8; drops a leading byte order mark. */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * JSON bodies parsed as Fastify parses them (secure-json-parse, prototype poisoning refused), with
 * two differences. An empty body is no body: many HTTP clients send `Content-Type:
 * application/json` on every request, a DELETE without a body included, which Fastify's own
 * parser answers with a 400; a route that needs a body still says so, through its schema (a 400
 * naming `body`). And a body refused for a `__proto__` or `constructor.prototype` key says so,
 * where Fastify's parser called it "not valid JSON", which sends the client looking for a syntax
 * error. Bodies are UTF-8, as JSON over HTTP is (RFC 8259): bytes that are not are refused, not
 * stored as U+FFFD (what reading them as a string would do, silently), and so is any other
 * declared charset.
 */
export function acceptEmptyJsonBodies(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    // Bodies are read as sent: a compressed one would only fail as "not valid JSON".
    const encoding = request.headers['content-encoding'];
    if (encoding && encoding.toLowerCase() !== 'identity') {
      return done(new AppError('UNSUPPORTED_MEDIA_TYPE', `Content-Encoding ${encoding} is not supported: send the body uncompressed`));
    }
    const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(request.headers['content-type'] ?? '')?.[1];
    if (charset && !/^utf-?8$/i.test(charset)) {
      return done(new AppError('UNSUPPORTED_MEDIA_TYPE', `charset ${charset} is not supported: send JSON in UTF-8`));
    }
    let text: string;
    try {
      text = UTF8.decode(body as Buffer);
    } catch {
      return done(new AppError('BAD_REQUEST', 'body is not valid UTF-8: send JSON in UTF-8'));
    }
    if (text === '') return done(null, undefined);
    try {
      done(null, secureJson.parse(text, null, { protoAction: 'error', constructorAction: 'error' }));
    } catch (error) {
      if (error instanceof SyntaxError && /prototype/.test(error.message)) {
        return done(new AppError('VALIDATION_FAILED', 'body: keys named __proto__, or constructor holding prototype, are not accepted', [{ path: 'body', message: 'forbidden key __proto__ or constructor.prototype' }]));
      }
      done(new AppError('BAD_REQUEST', 'body is not valid JSON'));
    }
  });
}
