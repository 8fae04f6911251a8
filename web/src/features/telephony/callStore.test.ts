import { describe, expect, it } from 'vitest';
import { createCallStore } from './callStore.js';
import type { CallEvent, CardMatch, RingingCard } from './types.js';

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
      { callId: 'c1', interactionId: 'i-1', durationSeconds: 42, number: '06 12 34 56 78', name: 'Jean Dupont', personId: 'p1', organisationId: null },
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
    expect(store.getState()).toEqual({ popped: [], wrapUps: [], later: [] });
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
