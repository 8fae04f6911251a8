import { describe, expect, it } from 'vitest';
import { createCallStore } from './callStore.js';
import type { Call, CallEvent, CardMatch, RingingCard } from './types.js';

const ME = 'user-me';
const match = (id: string, name: string, type: CardMatch['type'] = 'person'): CardMatch => ({
  type,
  id,
  displayName: name,
  organisations: [],
  tags: [],
  relationships: [],
  contract: false,
  contacts: { last7Days: 0, last30Days: 0 },
  consent: {},
  lastInteractions: [],
  openTasks: [],
  sections: {},
});
const card = (callId: string, matches: CardMatch[] = []): RingingCard => ({
  callId,
  externalId: `ext-${callId}`,
  number: '06 12 34 56 78',
  e164: '+33612345678',
  to: '+33100000000',
  priority: false,
  unknown: matches.length === 0,
  matches,
});
const event = (id: string, state: CallEvent['state'], agentId: string | null, interactionId: string | null = 'i-1'): CallEvent => ({
  id,
  callId: `ext-${id}`,
  state,
  agentId,
  interactionId,
  personId: null,
  durationSeconds: 42,
});

describe('call store', () => {
  it('pops a ringing call once, and closes it when a colleague answers', () => {
    const store = createCallStore();
    store.ring(card('c1'));
    store.ring(card('c1'));
    expect(store.getState().popped).toHaveLength(1);
    store.answered(event('c1', 'answered', 'someone-else'), ME);
    expect(store.getState().popped).toEqual([]);
  });

  it('keeps the card while I am on the call, then offers the after-call form with the caller', () => {
    const store = createCallStore();
    store.ring(card('c1', [match('p1', 'Jean Dupont')]));
    store.answered(event('c1', 'answered', ME), ME);
    expect(store.getState().popped[0].answered).toBe(true);
    // The call's timeline entry, for "pass it on" from the card; a late repeated ringing keeps it.
    expect(store.getState().popped[0].interactionId).toBe('i-1');
    store.ring(card('c1', [match('p1', 'Jean Dupont')]));
    expect(store.getState().popped[0].interactionId).toBe('i-1');
    store.ended(event('c1', 'ended', ME), ME);
    expect(store.getState().popped).toEqual([]);
    expect(store.getState().wrapUps).toEqual([
      { callId: 'c1', interactionId: 'i-1', durationSeconds: 42, number: '06 12 34 56 78', name: 'Jean Dupont', personId: 'p1', organisationId: null, at: expect.any(String) },
    ]);
    // A repeated end does not ask twice; nor after the form was saved.
    store.ended(event('c1', 'ended', ME), ME);
    expect(store.getState().wrapUps).toHaveLength(1);
    store.finishWrapUp('c1');
    store.ended(event('c1', 'ended', ME), ME);
    expect(store.getState().wrapUps).toEqual([]);
  });

  it('keeps a call put off ("Later") to log, reopens it on demand, and never asks twice', () => {
    const store = createCallStore();
    store.ring(card('c1', [match('p1', 'Jean Dupont')]));
    store.ended(event('c1', 'ended', ME), ME);
    store.putOff('c1');
    expect(store.getState().wrapUps).toEqual([]);
    expect(store.getState().later).toEqual([expect.objectContaining({ callId: 'c1', name: 'Jean Dupont' })]);
    // A repeated end does not open it again by itself.
    store.ended(event('c1', 'ended', ME), ME);
    expect(store.getState().wrapUps).toEqual([]);
    store.resume('c1');
    expect(store.getState()).toMatchObject({ wrapUps: [expect.objectContaining({ callId: 'c1' })], later: [] });
    store.putOff('c1');
    // Saved (here or in another tab): nothing left to log.
    store.finishWrapUp('c1');
    expect(store.getState()).toMatchObject({ wrapUps: [], later: [] });
  });

  it("restores the server's calls left to log (a reload, a reconnection), keeping a form open here and a call put off meanwhile", () => {
    const store = createCallStore();
    // The server's calls, newest first: c2 rang at 09:02, c1 at 09:01.
    const serverCall = (id: string, personId: string | null = null): Call => ({
      id, integrationId: 'int', callId: `ext-${id}`, direction: 'in', from: '06 12 34 56 78', fromE164: '+33612345678', to: '01 40 00 00 00', toE164: '+33140000000',
      extension: null, agentId: ME, personId, organisationId: null, state: 'ended', ringingAt: `2026-12-07T09:0${id.slice(1)}:00.000Z`, answeredAt: null, endedAt: null, durationSeconds: 65,
      waitSeconds: 3, recordingUrl: null, interactionId: `i-${id}`, wrappedUpAt: null, priority: false, routing: [], createdAt: '2026-12-07T09:00:00.000Z',
    });
    store.restoreToLog([serverCall('c2'), serverCall('c1', 'p1')], 1000, true);
    expect(store.getState().later).toEqual([
      expect.objectContaining({ callId: 'c2', personId: null }),
      { callId: 'c1', interactionId: 'i-c1', durationSeconds: 65, number: '06 12 34 56 78', name: null, personId: 'p1', organisationId: null, at: '2026-12-07T09:01:00.000Z' },
    ]);
    expect(store.getState().laterMore).toBe(true);
    // c3 ends and its form is open here; c4 is put off here.
    store.ended(event('c3', 'ended', ME, 'i-c3'), ME);
    store.ended(event('c4', 'ended', ME, 'i-c4'), ME);
    store.putOff('c4');
    // Read again on reconnecting, after all that: c1 and c4 were logged in another tab meanwhile.
    store.restoreToLog([serverCall('c2'), serverCall('c3')], Date.now() + 1000);
    expect(store.getState().wrapUps.map((w) => w.callId)).toEqual(['c3']);
    expect(store.getState().later.map((w) => w.callId)).toEqual(['c2']);
    // c3 put off while a list was being read: too recent to be in it, kept.
    store.putOff('c3');
    store.restoreToLog([serverCall('c2')], Date.now() - 60_000);
    // Newest first: c3, put off now, before c2.
    expect(store.getState().later.map((w) => w.callId)).toEqual(['c3', 'c2']);
    // A call saved here is not brought back by a list read before the save.
    store.finishWrapUp('c2');
    store.restoreToLog([serverCall('c2')], Date.now() - 60_000);
    expect(store.getState().later.map((w) => w.callId)).toEqual(['c3']);
  });

  it('opens the form of a call picked in the call log first, taking it off the calls put off', () => {
    const store = createCallStore();
    store.ended(event('c1', 'ended', ME, 'i-c1'), ME);
    store.ended(event('c2', 'ended', ME, 'i-c2'), ME);
    store.putOff('c2');
    const logged = { id: 'c2', interactionId: 'i-c2', durationSeconds: 42, direction: 'out', from: '01 40 00 00 00', to: '06 12 34 56 78', personId: null, organisationId: 'o1', ringingAt: null, createdAt: '2026-12-07T08:00:00.000Z' } as Call;
    store.open(logged);
    // c1's form, open, stays in front: what is typed there is not thrown away.
    expect(store.getState().wrapUps.map((w) => w.callId)).toEqual(['c1', 'c2']);
    expect(store.getState().later).toEqual([]);
    // A call of the log this tab never saw: built from the call (the number called, for a call made).
    store.open({ ...logged, id: 'c9', interactionId: 'i-c9' });
    expect(store.getState().wrapUps[1]).toEqual({ callId: 'c9', interactionId: 'i-c9', durationSeconds: 42, number: '06 12 34 56 78', name: null, personId: null, organisationId: 'o1', at: '2026-12-07T08:00:00.000Z' });
    expect(store.getState().wrapUps.map((w) => w.callId)).toEqual(['c1', 'c9', 'c2']);
    // Saved here already (the call log read before that): not opened again.
    store.finishWrapUp('c1');
    store.open({ ...logged, id: 'c1', interactionId: 'i-1' });
    expect(store.getState().wrapUps.map((w) => w.callId)).toEqual(['c9', 'c2']);
  });

  it('never guesses among several matches', () => {
    const store = createCallStore();
    store.ring(card('c1', [match('p1', 'Jean Dupont'), match('o1', 'Transports Martin', 'organisation')]));
    store.ended(event('c1', 'ended', ME), ME);
    expect(store.getState().wrapUps[0]).toMatchObject({ name: null, personId: null, organisationId: null });
  });

  it('closes missed calls without a form, and does not pop a call again once it is over', () => {
    const store = createCallStore();
    store.ring(card('c1'));
    store.ended(event('c1', 'missed', null, 'i-1'), ME);
    expect(store.getState()).toEqual({ popped: [], wrapUps: [], later: [], laterMore: false });
    store.ring(card('c1'));
    expect(store.getState().popped).toEqual([]);
  });

  it('gives the after-call form the person created from the pop-up', () => {
    const store = createCallStore();
    store.ring(card('c1'));
    store.linkPerson('c1', { id: 'p9', name: 'Nouveau Client' });
    expect(store.getState().popped[0].createdPerson).toEqual({ id: 'p9', name: 'Nouveau Client' });
    store.ended(event('c1', 'ended', ME), ME);
    expect(store.getState().wrapUps[0]).toMatchObject({ personId: 'p9', name: 'Nouveau Client' });
  });

  it('does not offer the form for a call someone else answered', () => {
    const store = createCallStore();
    store.ring(card('c1'));
    store.ended(event('c1', 'ended', 'someone-else'), ME);
    expect(store.getState().wrapUps).toEqual([]);
  });
});
