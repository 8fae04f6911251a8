import { useSyncExternalStore } from 'react';
import type { Call, CallEvent, RingingCard } from './types.js';

/** A ringing call shown in the screen pop. */
export interface PoppedCall {
  card: RingingCard;
  /** Picked up by this user (or by someone the phone system did not name): the card stays until the end. */
  answered: boolean;
  /** A person created from the pop-up for an unknown caller. */
  createdPerson?: { id: string; name: string };
  /** The call's timeline entry, once answered: what "pass it on" from the card links to. */
  interactionId?: string;
}

/** A call this user answered that has ended: the after-call form (outcome, note, follow-up) waits for it. */
export interface WrapUp {
  callId: string;
  interactionId: string;
  durationSeconds: number | null;
  number: string | null;
  /** Who the card named, when there was exactly one match. */
  name: string | null;
  personId: string | null;
  organisationId: string | null;
  /** When the call rang (the server's time), or ended here for a call just over (ISO): calls to log are listed newest first. */
  at: string;
}

export interface CallStoreState {
  popped: PoppedCall[];
  wrapUps: WrapUp[];
  /** Calls whose after-call form was put off ("Later"): still to log, reopened on demand; newest first. */
  later: WrapUp[];
  /** The server holds more calls to log than `later` (its first page only was read). */
  laterMore: boolean;
}

/** Newest first (ISO times compare as text). */
const newestFirst = (list: WrapUp[]) => [...list].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));

/**
 * Screen-pop and after-call state, fed by the live call events. Kept outside React so the event
 * handlers, the pop-up, the after-call form and the person form share one source of truth.
 */
export function createCallStore() {
  let state: CallStoreState = { popped: [], wrapUps: [], later: [], laterMore: false };
  const listeners = new Set<() => void>();
  /** Calls that are over: a late or repeated `call.ringing` must not pop them again. */
  const over = new Set<string>();
  /** Calls whose after-call form was saved or dismissed. */
  const wrapped = new Set<string>();
  /** People created from the pop-up, by call, so the after-call form can link the follow-up to them. */
  const created = new Map<string, { id: string; name: string }>();
  /** When each call was put off here (ms): one put off after the server's list was read is kept. */
  const putOffAt = new Map<string, number>();

  const set = (next: CallStoreState) => {
    state = next;
    listeners.forEach((listener) => listener());
  };
  const withoutCall = (callId: string) => state.popped.filter((p) => p.card.callId !== callId);
  /** The after-call form's data for a call of the call log (one with its timeline entry). */
  const wrapUpOf = (call: Call): WrapUp => ({
    callId: call.id,
    interactionId: call.interactionId!,
    durationSeconds: call.durationSeconds,
    number: call.direction === 'in' ? call.from : call.to,
    name: created.get(call.id)?.name ?? null,
    personId: call.personId ?? created.get(call.id)?.id ?? null,
    organisationId: call.organisationId,
    at: call.ringingAt ?? call.createdAt,
  });
  /**
   * Opens a call's form. One already open stays in front (what is typed there is not thrown
   * away): the call comes next, once that form is saved or put off.
   */
  const withForm = (wrapUp: WrapUp): WrapUp[] => {
    const others = state.wrapUps.filter((w) => w.callId !== wrapUp.callId);
    return others.length ? [others[0], wrapUp, ...others.slice(1)] : [wrapUp];
  };

  return {
    getState: () => state,
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },

    /** `call.ringing`: show the card (once per call; the newest data replaces the old). */
    ring(card: RingingCard) {
      if (over.has(card.callId)) return;
      const existing = state.popped.find((p) => p.card.callId === card.callId);
      const next: PoppedCall = { card, answered: existing?.answered ?? false, createdPerson: existing?.createdPerson, interactionId: existing?.interactionId };
      set({ ...state, popped: existing ? state.popped.map((p) => (p === existing ? next : p)) : [...state.popped, next] });
    },

    /** Replaces the matches of a card with the full card fetched from the API. */
    refine(callId: string, matches: RingingCard['matches']) {
      if (!state.popped.some((p) => p.card.callId === callId)) return;
      set({ ...state, popped: state.popped.map((p) => (p.card.callId === callId ? { ...p, card: { ...p.card, matches, unknown: matches.length === 0 } } : p)) });
    },

    /** `call.answered`: answered by a colleague closes the card; by me (or by an unnamed agent) it stays. */
    answered(event: CallEvent, me: string) {
      if (!state.popped.some((p) => p.card.callId === event.id)) return;
      if (event.agentId && event.agentId !== me) {
        set({ ...state, popped: withoutCall(event.id) });
        return;
      }
      set({ ...state, popped: state.popped.map((p) => (p.card.callId === event.id ? { ...p, answered: true, interactionId: event.interactionId ?? p.interactionId } : p)) });
    },

    /** `call.ended` / `call.missed` / `call.voicemail`: the card closes; my answered call gets its after-call form. */
    ended(event: CallEvent, me: string) {
      over.add(event.id);
      const popped = state.popped.find((p) => p.card.callId === event.id);
      let wrapUps = state.wrapUps;
      const mine = event.state === 'ended' && event.agentId === me && event.interactionId;
      if (mine && !wrapped.has(event.id) && ![...wrapUps, ...state.later].some((w) => w.callId === event.id)) {
        const card = popped?.card;
        const only = card?.matches.length === 1 ? card.matches[0] : undefined;
        const person = created.get(event.id);
        wrapUps = [
          ...wrapUps,
          {
            callId: event.id,
            interactionId: event.interactionId!,
            durationSeconds: event.durationSeconds,
            number: card?.number ?? null,
            name: only?.displayName ?? person?.name ?? null,
            personId: event.personId ?? (only?.type === 'person' ? only.id : null) ?? person?.id ?? null,
            organisationId: only?.type === 'organisation' ? only.id : null,
            at: new Date().toISOString(),
          },
        ];
      }
      set({ ...state, popped: popped ? withoutCall(event.id) : state.popped, wrapUps });
    },

    /** Escape or the close button. */
    dismiss(callId: string) {
      set({ ...state, popped: withoutCall(callId) });
    },

    /** A person was created from the pop-up for this call's unknown caller. */
    linkPerson(callId: string, person: { id: string; name: string }) {
      created.set(callId, person);
      const named = (w: WrapUp) => (w.callId === callId && !w.personId ? { ...w, personId: person.id, name: w.name ?? person.name } : w);
      set({
        ...state,
        popped: state.popped.map((p) => (p.card.callId === callId ? { ...p, createdPerson: person } : p)),
        wrapUps: state.wrapUps.map(named),
        later: state.later.map(named),
      });
    },

    /** The after-call form was saved. */
    finishWrapUp(callId: string) {
      wrapped.add(callId);
      set({ ...state, wrapUps: state.wrapUps.filter((w) => w.callId !== callId), later: state.later.filter((w) => w.callId !== callId) });
    },

    /** "Later": the form closes, the call stays to log (see `later`). */
    putOff(callId: string) {
      const wrapUp = state.wrapUps.find((w) => w.callId === callId);
      if (!wrapUp) return;
      putOffAt.set(callId, Date.now());
      set({ ...state, wrapUps: state.wrapUps.filter((w) => w.callId !== callId), later: newestFirst([...state.later, wrapUp]) });
    },

    /**
     * The server's list of my calls left to log (GET /api/calls?toLog=true&agentId=me), read when
     * the app starts and whenever the live stream reconnects: calls put off survive a reload, and
     * one logged elsewhere meanwhile leaves the list. A form open here keeps its call.
     */
    restoreToLog(calls: Call[], askedAt: number, more = false) {
      const known = new Map(state.later.map((w) => [w.callId, w]));
      const listed = new Set(calls.map((c) => c.id));
      const since = state.later.filter((w) => !listed.has(w.callId) && (putOffAt.get(w.callId) ?? -Infinity) >= askedAt);
      const fromServer = calls
        .filter((c) => c.interactionId && !wrapped.has(c.id) && !state.wrapUps.some((w) => w.callId === c.id))
        .map((c) => known.get(c.id) ?? wrapUpOf(c));
      set({ ...state, later: newestFirst([...fromServer, ...since]), laterMore: more });
    },

    /** A call put off, logged now: its form opens again (after the one open, if any). */
    resume(callId: string) {
      const wrapUp = state.later.find((w) => w.callId === callId);
      if (!wrapUp) return;
      set({ ...state, later: state.later.filter((w) => w.callId !== callId), wrapUps: withForm(wrapUp) });
    },

    /** "Log it" from the call log: the call's form opens (taken off the calls put off). */
    open(call: Call) {
      // Saved here already (the call log read before that): nothing to log.
      if (!call.interactionId || wrapped.has(call.id)) return;
      const existing = [...state.wrapUps, ...state.later].find((w) => w.callId === call.id);
      set({ ...state, later: state.later.filter((w) => w.callId !== call.id), wrapUps: withForm(existing ?? wrapUpOf(call)) });
    },

    /** Sign-out: forget everything. */
    reset() {
      over.clear();
      wrapped.clear();
      created.clear();
      putOffAt.clear();
      set({ popped: [], wrapUps: [], later: [], laterMore: false });
    },
  };
}

export type CallStore = ReturnType<typeof createCallStore>;

/** The app's one call store. */
export const callStore = createCallStore();

export function useCallStore(): CallStoreState {
  return useSyncExternalStore(callStore.subscribe, callStore.getState);
}
