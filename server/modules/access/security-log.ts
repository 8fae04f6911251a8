import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../db/dialect/features.js';

/** Security events (QUALITY 23): logins, denials, role changes, token use; never a secret in them. */
export async function logSecurityEvent(
  db: Db,
  log: FastifyBaseLogger,
  at: Date,
  kind: string,
  info: { userId?: string | null; ip?: string | null; details?: Record<string, unknown> },
): Promise<void> {
  // JSON encoding escapes CR/LF, so a crafted e-mail cannot forge a log line.
  const details = info.details ? JSON.stringify(info.details) : null;
  log.info({ security: kind, userId: info.userId ?? null, ip: info.ip ?? null, details }, 'security event');
  await db
    .insertInto('security_events')
    .values({ at: at.toISOString(), kind, user_id: info.userId ?? null, ip: info.ip ?? null, details })
    .execute();
}
