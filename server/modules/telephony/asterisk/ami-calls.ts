import type { CallEventInput } from '../calls.service.js';
import type { AmiMessage } from './ami-client.js';

const UNKNOWN = new Set(['', '<unknown>', 'unknown', 'anonymous']);

/**
 * The endpoint (for a phone, its extension) behind a channel name: "PJSIP/201-00000002" -> "201",
 * "SIP/poste-12-0000001a" -> "poste-12", "Local/201@from-internal-00000003;1" -> "201".
 */
export function extensionOf(channel: string | undefined): string | undefined {
  const slash = channel?.indexOf('/') ?? -1;
  if (!channel || slash < 1) return undefined;
  const endpoint = channel.slice(slash + 1).replace(/-[0-9a-f]+(;\d+)?$/i, '').split('@')[0];
  return endpoint || undefined;
}

/** AMI's Timestamp header ("1772438400.123456", with timestampevents=yes) or now. */
function timeOf(message: AmiMessage, now: () => Date): string {
  const seconds = Number(message.Timestamp);
  return (Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000) : now()).toISOString();
}

interface TrackedCall {
  direction: 'in' | 'out';
  from: string;
  to: string;
  /** When the call entered Asterisk: the caller's wait counts from here. */
  startedAt: string;
  /** The first leg's channel (the caller's side of an inbound call): what a Redirect moves. */
  channel?: string;
  /** Extensions already rung (an inbound call may ring several: ring groups, queues). */
  rung: Set<string>;
  /** The agent's own extension on an outbound call, the one who answered on an inbound one. */
  extension?: string;
  answered: boolean;
}

/**
 * Follows Asterisk's channel events and turns each call (identified by its Linkedid) into generic
 * call events.
 * - Inbound (the first leg comes from a trunk): each DialBegin rings an extension — the pop goes to
 *   whoever's phone rings, not to the whole desk; an agent leg going "Up" answers; the first leg's
 *   Hangup ends it, or makes it missed when nobody answered (also when no phone was ever dialled).
 * - Outbound (the first leg is one of our phones): rings at once with the agent's extension and
 *   direction "out"; the dialled leg going "Up" answers.
 */
export class AmiCallTracker {
  private calls = new Map<string, TrackedCall>();
  private lastSeen?: string;

  /**
   * @param isLocalEndpoint tells our phones from trunks by endpoint name (the extensions mapped in
   * Relais); an endpoint named like its own caller number is taken as a phone too.
   */
  constructor(
    private isLocalEndpoint: (endpoint: string) => boolean = () => false,
    private now: () => Date = () => new Date(),
  ) {}

  handle(message: AmiMessage): CallEventInput[] {
    const linkedId = message.Linkedid;
    if (!linkedId) return [];
    const call = this.calls.get(linkedId);
    const at = timeOf(message, this.now);
    this.lastSeen = at;
    switch (message.Event) {
      case 'Newchannel': {
        if (message.Uniqueid !== linkedId || call) return [];
        const callerNum = UNKNOWN.has(message.CallerIDNum ?? '') ? 'unknown' : message.CallerIDNum;
        const endpoint = extensionOf(message.Channel);
        const local = endpoint !== undefined && (this.isLocalEndpoint(endpoint) || endpoint === callerNum);
        if (local) {
          const state: TrackedCall = { direction: 'out', from: endpoint, to: message.Exten || 's', startedAt: at, rung: new Set(), extension: endpoint, answered: false };
          this.calls.set(linkedId, state);
          return [this.event(linkedId, state, 'ringing', at)];
        }
        this.calls.set(linkedId, { direction: 'in', from: callerNum, to: message.Exten || 's', startedAt: at, rung: new Set(), answered: false, channel: message.Channel });
        return [];
      }
      case 'DialBegin': {
        if (!call || call.direction === 'out' || call.answered) return [];
        const extension = extensionOf(message.DestChannel) ?? message.DialString;
        if (!extension || call.rung.has(extension)) return [];
        call.rung.add(extension);
        // Dated from the call's start, so the wait counts the time spent before any phone rang.
        return [{ ...this.event(linkedId, call, 'ringing', call.startedAt), extension }];
      }
      case 'Newstate': {
        // ChannelState 6 is "Up": another leg than the first picked up.
        if (!call || call.answered || message.ChannelState !== '6' || message.Uniqueid === linkedId) return [];
        call.answered = true;
        if (call.direction === 'in') call.extension = extensionOf(message.Channel) ?? call.extension;
        return [this.event(linkedId, call, 'answered', at)];
      }
      case 'Hangup': {
        if (!call || message.Uniqueid !== linkedId) return [];
        this.calls.delete(linkedId);
        // A missed call names the phone that rang, when only one did.
        if (!call.extension && call.rung.size === 1) call.extension = [...call.rung][0];
        const ringing = call.rung.size === 0 && call.direction === 'in' ? [this.event(linkedId, call, 'ringing', call.startedAt)] : [];
        return [...ringing, this.event(linkedId, call, call.answered ? 'ended' : 'missed', at)];
      }
      default:
        return [];
    }
  }

  /** The caller's channel of a call still going on, to redirect it (overload mode). */
  callerChannel(linkedId: string): string | undefined {
    return this.calls.get(linkedId)?.channel;
  }

  /** The time of the last event seen: the last moment Relais knew how calls stood. */
  lastEventAt(): string | undefined {
    return this.lastSeen;
  }

  /** After a reconnection: forgets the calls Asterisk no longer has (their Hangup was lost). */
  retain(liveLinkedIds: Set<string>): void {
    for (const id of this.calls.keys()) if (!liveLinkedIds.has(id)) this.calls.delete(id);
  }

  private event(callId: string, call: TrackedCall, event: CallEventInput['event'], at: string): CallEventInput {
    return { callId, event, from: call.from, to: call.to, at, direction: call.direction, ...(call.extension ? { extension: call.extension } : {}) };
  }
}
