/**
 * QUALITY 21 and 29: once a change is committed, nothing that follows it (its live event, the notice
 * to a colleague, the job's bookkeeping) may turn it into an error answer — the client would retry a
 * saved change — nor happen twice. Real servers on SQLite and PostgreSQL, real HTTP; the database
 * refuses what a dropped connection would refuse through a trigger.
 */
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobRunner } from '../../jobs/runner.js';
import { REMINDER_JOB } from '../../modules/tasks/tasks.service.js';
import { api, createHarness, DIALECTS, type Harness } from '../harness.js';
import { openEventStream } from '../sse.js';

const quiet = { error: () => undefined };

describe.each(DIALECTS)('after the commit on %s', (dialect) => {
  let h: Harness;
  let base: string;
  beforeAll(async () => {
    h = await createHarness(dialect);
    await h.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(h.app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await h?.close();
  });

  /** Makes `table` refuse `operation`s (where `when` holds) as a connection lost to the server would. */
  async function refuse(table: string, operation: 'INSERT' | 'UPDATE', when: string) {
    const db = h.handle.db;
    if (dialect === 'postgres') {
      await sql`CREATE OR REPLACE FUNCTION refuse_write() RETURNS trigger AS $$
        BEGIN RAISE EXCEPTION 'terminating connection due to administrator command' USING ERRCODE = '57P01'; END; $$ LANGUAGE plpgsql`.execute(db);
      await sql`CREATE TRIGGER ${sql.raw(`refuse_${table}`)} BEFORE ${sql.raw(operation)} ON ${sql.table(table)} FOR EACH ROW WHEN (${sql.raw(when)}) EXECUTE FUNCTION refuse_write()`.execute(db);
    } else {
      await sql`CREATE TRIGGER ${sql.raw(`refuse_${table}`)} BEFORE ${sql.raw(operation)} ON ${sql.table(table)} WHEN ${sql.raw(when)} BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END`.execute(db);
    }
    return async () => {
      await sql`DROP TRIGGER ${sql.raw(`refuse_${table}`)}${sql.raw(dialect === 'postgres' ? ` ON ${table}` : '')}`.execute(db);
    };
  }

  it('answers 201 for a hand-off whose notice cannot be stored, and its Idempotency-Key replays that answer', async () => {
    const allow = await refuse('notifications', 'INSERT', 'true');
    try {
      const send = () => api(h, h.users.manager, 'POST', '/api/tasks', { title: 'Rappeler Transports Morel', assigneeId: h.users.sales.id }, { 'idempotency-key': `handoff-${dialect}` });
      const created = await send();
      expect(created.status).toBe(201);
      const retried = await send();
      expect(retried.status).toBe(201);
      expect(retried.headers['idempotent-replayed']).toBe('true');
      expect(retried.body.id).toBe(created.body.id);
      const tasks = await h.handle.db.selectFrom('tasks').select('id').where('title', '=', 'Rappeler Transports Morel').execute();
      expect(tasks).toEqual([{ id: created.body.id }]);
    } finally {
      await allow();
    }
  });

  it('answers 200 for a change whose live event is larger than a NOTIFY, and the event arrives whole', async () => {
    const task = await api(h, h.users.manager, 'POST', '/api/tasks', { title: 'Dossier litige Lyon', assigneeId: h.users.sales.id });
    expect(task.status).toBe(201);
    const creatorStream = openEventStream(`${base}/api/events`, h.users.manager.token);
    await creatorStream.waitFor((e) => e.type === 'ready');
    // 9,000 characters, some of them two bytes in UTF-8: well over PostgreSQL's 8,000-byte NOTIFY.
    const note = 'Réglé avec le client, avoir émis. '.repeat(265).slice(0, 9000);
    const closed = await api(h, h.users.sales, 'PATCH', `/api/tasks/${task.body.id}`, { status: 'done', completionNote: note });
    expect(closed.status).toBe(200);
    const event = await creatorStream.waitFor((e) => e.type === 'task.completed' && e.data.taskId === task.body.id);
    expect(event.data.completionNote).toBe(note);
    creatorStream.close();
  });

  it('reminds once although the reminder job runs twice (its "done" mark lost, then its worker gone)', async () => {
    const user = h.others.sales;
    const stream = openEventStream(`${base}/api/events`, user.token);
    await stream.waitFor((e) => e.type === 'ready');
    const task = await api(h, user, 'POST', '/api/tasks', { title: 'Relancer Fromagerie Vidal', dueAt: new Date(h.clock.now().getTime() + 60_000).toISOString() });
    expect(task.status).toBe(201);
    h.clock.advance(60_000);

    const allow = await refuse('jobs', 'UPDATE', `OLD.kind = '${REMINDER_JOB}' AND NEW.status <> 'running'`);
    try {
      expect(await h.app.relais.context.jobs.runDue()).toBe(1);
    } finally {
      await allow();
    }
    // That worker is gone before it could write "done" (a restart): the job's lock runs out and
    // another worker runs it again.
    h.clock.advance(301_000);
    const restarted = new JobRunner(h.handle.db, h.app.relais.context.dialect, h.clock, quiet);
    restarted.register(REMINDER_JOB, (payload, job) => h.app.relais.services.tasks.remind(payload as { taskId: string; at: string }, job));
    expect(await restarted.runDue()).toBe(1);
    const job = await h.handle.db.selectFrom('jobs').select(['status', 'attempts']).where('unique_key', '=', `task:${task.body.id}`).executeTakeFirstOrThrow();
    expect(job).toEqual({ status: 'done', attempts: 2 });

    const notices = await h.handle.db.selectFrom('notifications').select('kind').where('user_id', '=', user.id).where('payload', 'like', `%${task.body.id}%`).execute();
    expect(notices).toEqual([{ kind: REMINDER_JOB }]);
    // Everything sent to the stream before this marker has arrived: one reminder, not two.
    await h.app.relais.context.events.publish({ type: 'marker', audience: { userIds: [user.id] }, data: {} });
    await stream.waitFor((e) => e.type === 'marker');
    expect(stream.events.filter((e) => e.type === REMINDER_JOB && e.data.taskId === task.body.id)).toHaveLength(1);
    stream.close();
  });
});
