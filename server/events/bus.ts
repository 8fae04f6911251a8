import { grantFor, type Action, type Grant } from '../modules/access/permissions.js';

/** Who receives a live event. Every listed audience is OR-ed; record visibility is checked per user. */
export interface Audience {
  userIds?: string[];
  roles?: string[];
  all?: boolean;
  /**
   * Everyone whose role may run all these read actions on any record: the same permission table
   * the read routes check, so narrowing a role there narrows its live events too (QUALITY 8). A
   * role granted only 'own' cannot be decided without the record, so it is left out (list such
   * users in userIds instead).
   */
  readers?: Action[];
}

export interface LiveEvent {
  /** e.g. task.reminder, call.ringing, notification */
  type: string;
  audience: Audience;
  data: unknown;
}

/**
 * Sent to every open stream when this instance may have missed events (its LISTEN connection was
 * lost and is back): pages refetch what they show instead of trusting what they were told.
 */
export const RESYNC = 'resync';

/** Whether this instance receives the events of the others: always on SQLite (one process). */
export interface EventBusStatus {
  /** in-process (SQLite), listening, connecting (first connection), reconnecting (lost, retrying), closed */
  state: 'in-process' | 'listening' | 'connecting' | 'reconnecting' | 'closed';
  /** Whether live events flow: an instance that is not listening misses the others' events. */
  live: boolean;
}

/** Decision D6: in-process on SQLite, PostgreSQL LISTEN/NOTIFY across instances. */
export interface EventBus {
  /**
   * Delivers the event to this instance's streams and sends it to the other instances. Never
   * throws: services publish after their change committed, and a lost live event must not turn a
   * saved change into an error (pages catch up on their next read, or on a `resync`).
   */
  publish(event: LiveEvent): Promise<void>;
  subscribe(listener: (event: LiveEvent) => void): () => void;
  /** Listeners subscribed on this instance: the server's own, then one per open live stream (a leak shows here). */
  subscriberCount(): number;
  status(): EventBusStatus;
  close(): Promise<void>;
}

/** Single-process bus (SQLite installations run one server). */
export class MemoryEventBus implements EventBus {
  private listeners = new Set<(event: LiveEvent) => void>();

  async publish(event: LiveEvent): Promise<void> {
    this.deliver(event);
  }

  /** Hands an event to local listeners; one failing listener does not stop the others. */
  deliver(event: LiveEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // a broken stream must not break the publisher
      }
    }
  }

  subscribe(listener: (event: LiveEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  subscriberCount(): number {
    return this.listeners.size;
  }

  status(): EventBusStatus {
    return { state: 'in-process', live: true };
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }
}

/** Whether a user's stream gets an event; `grant` is the permission table (a parameter for tests). */
export function isInAudience(audience: Audience, user: { id: string; role: string }, grant: (role: string, action: Action) => Grant | undefined = grantFor): boolean {
  if (audience.all || audience.userIds?.includes(user.id) || audience.roles?.includes(user.role)) return true;
  return Boolean(audience.readers?.length && audience.readers.every((action) => grant(user.role, action) === 'any'));
}
