import type { QueryClient } from '@tanstack/react-query';
import { notifications } from '@mantine/notifications';
import { i18n } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/Dictionary.js';
import type { AppNotification } from '../../lib/types.js';
import { localLabel } from '../requests/labels.js';
import type { LeadSettings } from '../leads/types.js';
import { LEAD_SETTINGS_KEY } from '../leads/useLeads.js';

/** Live events about requests and leads (request.* / lead.*): lists and record pages refresh. */
export const REQUEST_EVENTS = ['request.created', 'request.updated', 'request.status', 'request.comment', 'request.deadline_warning', 'request.escalated'] as const;
export const LEAD_EVENTS = ['lead.created', 'lead.status', 'lead.deadline_warning', 'lead.escalated', 'lead.reassigned'] as const;

/** Notification kinds (the bell, and a toast when they arrive live) about requests and leads. */
const KINDS: Record<string, MessageKey> = {
  'request.assigned': 'handoffs.kind.request.assigned',
  'request.closed': 'handoffs.kind.request.closed',
  'request.deadline_warning': 'handoffs.kind.request.deadline_warning',
  'request.escalated': 'handoffs.kind.request.escalated',
  'lead.assigned': 'handoffs.kind.lead.assigned',
  'lead.accepted': 'handoffs.kind.lead.accepted',
  'lead.converted': 'handoffs.kind.lead.converted',
  'lead.rejected': 'handoffs.kind.lead.rejected',
  'lead.deadline_warning': 'handoffs.kind.lead.deadline_warning',
  'lead.escalated': 'handoffs.kind.lead.escalated',
};
/** Kept on screen until closed: the answer the person who passed it on was waiting for. */
const STICKY = new Set(['request.closed', 'lead.rejected']);

type Payload = Record<string, unknown>;
const text = (payload: Payload, key: string) => (typeof payload[key] === 'string' ? (payload[key] as string) : '');

/** The reason's label as the notice carries it, else from the lead settings if loaded, else its key. */
function reasonLabel(queryClient: QueryClient | null, payload: Payload): string {
  const key = text(payload, 'reason');
  const carried = text(payload, 'reasonLabelEn') ? { labelEn: text(payload, 'reasonLabelEn'), labelFr: text(payload, 'reasonLabelFr') } : undefined;
  const settings = queryClient?.getQueryData<LeadSettings>(LEAD_SETTINGS_KEY);
  return localLabel(carried ?? settings?.rejectReasons.find((reason) => reason.key === key), i18n.language, key);
}

/** The sentence for a request / lead notification, or null for other kinds. */
export function describeHandOff(kind: string, payload: Payload | null, queryClient: QueryClient | null = null): string | null {
  const key = KINDS[kind];
  if (!key) return null;
  const p = payload ?? {};
  const note = text(p, 'resolutionNote') || text(p, 'note');
  const sentence = i18n.t(key, {
    subject: text(p, 'subject'),
    interest: text(p, 'interest'),
    by: text(p, 'by') || i18n.t('requests.system'),
    reason: reasonLabel(queryClient, p),
    status: localLabel(text(p, 'statusLabelEn') ? { labelEn: text(p, 'statusLabelEn'), labelFr: text(p, 'statusLabelFr') } : undefined, i18n.language, text(p, 'status')),
  });
  return note ? `${sentence} — ${note}` : sentence;
}

/** Where a request / lead notification leads, or null for other kinds. */
export function handOffTarget(notification: Pick<AppNotification, 'payload'>): string | null {
  const p = notification.payload ?? {};
  if (typeof p.requestId === 'string') return `/requests/${p.requestId}`;
  if (typeof p.leadId === 'string') return `/leads/${p.leadId}`;
  return null;
}

function parse(event: Event): Payload | null {
  try {
    return JSON.parse((event as MessageEvent<string>).data) as Payload;
  } catch {
    return null;
  }
}

/**
 * Listens on the app's one EventSource: request / lead events refresh every view of them (queues,
 * "opened by me", record pages, open details); notifications addressed to the user also show a toast.
 */
export function listenToHandOffs(source: EventSource, queryClient: QueryClient): void {
  for (const type of REQUEST_EVENTS) source.addEventListener(type, () => void queryClient.invalidateQueries({ queryKey: ['requests'] }));
  for (const type of LEAD_EVENTS) source.addEventListener(type, () => void queryClient.invalidateQueries({ queryKey: ['leads'] }));
  for (const kind of Object.keys(KINDS)) {
    source.addEventListener(kind, (event) => {
      const data = parse(event);
      // Team-wide announcements share some names with notifications; only notifications carry an id.
      if (!data || typeof data.notificationId !== 'string') return;
      void queryClient.invalidateQueries({ queryKey: [kind.startsWith('lead.') ? 'leads' : 'requests'] });
      notifications.show({
        id: `handoff-${data.notificationId}`,
        color: kind.endsWith('escalated') || kind.endsWith('warning') ? 'orange' : kind === 'lead.rejected' ? 'red' : 'teal',
        title: i18n.t(kind.startsWith('lead.') ? 'handoffs.leadTitle' : 'handoffs.requestTitle'),
        message: describeHandOff(kind, data, queryClient),
        autoClose: STICKY.has(kind) ? false : 15_000,
        'data-testid': 'handoff-notification',
      });
    });
  }
}
