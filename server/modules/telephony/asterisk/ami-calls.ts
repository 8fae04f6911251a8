import type { CallEventInput } from '../calls.service.js';
import type { AmiMessage } from './ami-client.js';

const UNKNOWN = new Set(['', '<unknown>', 'unknown', 'anonymous']);

/** "PJSIP/201-00000002" -> "201": the extension behind a channel name. */
export function extensionOf(channel: string | undefined): string | undefined {
  const match = /^[A-Za-z0-9]+\/([^-@]+)/.exec(channel ?? '');
  return match?.[1];
}

/** AMI's Timestamp header ("1772438400.123456", with timestampevents=yes) or now. */
function timeOf(message: AmiMessage, now: () => Date): string {
  const seconds = Number(message.Timestamp);
  return (Number.isFinite(seconds) && seconds > 0 ? new Date(seconds * 1000) : now()).toISOString();
}

/**
 * Follows Asterisk's channel events and turns each call (identified by its Linkedid) into generic
 * call events: Newchannel of the first leg rings, DialBegin names the extension, the agent leg's
 * Newstate "Up" answers, the first leg's Hangup ends the call.
 */
export class AmiCallTracker {
  private calls = new Map<string, { from: string; to: string; extension?: string; answered: boolean }>();

  constructor(private now: () => Date = () => new Date()) {}

  handle(message: AmiMessage): CallEventInput[] {
    const linkedId = message.Linkedid;
    if (!linkedId) return [];
    const call = this.calls.get(linkedId);
    const at = timeOf(message, this.now);
    switch (message.Event) {
      case 'Newchannel': {
        if (message.Uniqueid !== linkedId || call) return [];
        const from = UNKNOWN.has(message.CallerIDNum ?? '') ? 'unknown' : message.CallerIDNum;
        const state = { from, to: message.Exten || 's', answered: false };
        this.calls.set(linkedId, state);
        return [{ callId: linkedId, event: 'ringing', from: state.from, to: state.to, at }];
      }
      case 'DialBegin': {
        if (!call || call.extension) return [];
        call.extension = message.DestExten && message.DestExten !== call.to ? message.DestExten : extensionOf(message.DestChannel) ?? message.DialString;
        return [{ callId: linkedId, event: 'ringing', from: call.from, to: call.to, at, extension: call.extension }];
      }
      case 'Newstate': {
        // ChannelState 6 is "Up": the agent's leg picked up.
        if (!call || call.answered || message.ChannelState !== '6' || message.Uniqueid === linkedId) return [];
        call.answered = true;
        const extension = extensionOf(message.Channel) ?? call.extension;
        return [{ callId: linkedId, event: 'answered', from: call.from, to: call.to, at, extension }];
      }
      case 'Hangup': {
        if (!call || message.Uniqueid !== linkedId) return [];
        this.calls.delete(linkedId);
        return [{ callId: linkedId, event: call.answered ? 'ended' : 'missed', from: call.from, to: call.to, at, extension: call.extension }];
      }
      default:
        return [];
    }
  }
}
