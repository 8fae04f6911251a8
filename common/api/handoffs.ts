// The screen pop's hand-off sections (server: cardSection in server/modules/requests and
// server/modules/leads; web: features/handoffs/popSections.tsx). JSON field names are a contract.

/** Name of the screen-pop section listing a caller's open requests. */
export const REQUESTS_CARD_SECTION = 'openRequests';
/** Name of the screen-pop section listing a caller's open leads. */
export const LEADS_CARD_SECTION = 'openLeads';

/** An open request as the screen pop shows it: language-neutral, the web app picks the label. */
export interface RequestCardItem {
  id: string;
  subject: string;
  status: string;
  statusLabelEn: string;
  statusLabelFr: string;
  teamName: string;
  dueAt: string | null;
  overdue: boolean;
}

/** An open lead as the screen pop shows it: the status is a key the web app translates. */
export interface LeadCardItem {
  id: string;
  interest: string;
  status: string;
  ownerId: string | null;
  ownerName: string | null;
  /** The deadline to treat a new lead; null once accepted. */
  dueAt: string | null;
  overdue: boolean;
}

/** A section listing the first few items, and how many there are in all. */
export interface CardItemsSection<T> {
  total: number;
  items: T[];
}

/** The `openRequests` section: the first open requests by deadline, and how many are open in all. */
export type RequestCardSection = CardItemsSection<RequestCardItem>;
/** The `openLeads` section: the first open leads (new ones by deadline, then accepted ones), and how many are open in all. */
export type LeadCardSection = CardItemsSection<LeadCardItem>;
