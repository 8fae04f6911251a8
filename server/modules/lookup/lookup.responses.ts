/** What caller identification answers: the screen pop (OpenAPI document only, see server/http/responses.ts). */
import { z } from 'zod';
import { LEADS_CARD_SECTION, REQUESTS_CARD_SECTION } from '../../../common/api/handoffs.js';
import { addressView, count, customFieldValues, emailView, id, nullableId, nullableTimestamp, phoneView } from '../../http/responses.js';
import { taskResponse } from '../tasks/tasks.responses.js';
import { interactionCardFields } from '../timeline/timeline.responses.js';

/** A section of the card: its first few items, and how many there are in all. */
const counted = <Item extends z.ZodType>(item: Item, description: string) => z.strictObject({ total: count, items: z.array(item) }).describe(description);

export const callerMatch = z.strictObject({
  type: z.enum(['person', 'organisation']),
  id,
  displayName: z.string(),
  organisations: z.array(z.strictObject({ id, name: z.string() })).describe("A person's organisations; empty for an organisation"),
  tags: z.array(z.string()),
  relationships: z.array(z.strictObject({ id, type: z.string(), targetType: z.enum(['person', 'organisation']).nullable(), targetId: nullableId })),
  phones: z.array(phoneView),
  emails: z.array(emailView),
  addresses: z.array(addressView).describe('Postal addresses, the main one first'),
  customFields: customFieldValues,
  lastInteractions: z.array(z.strictObject(interactionCardFields)).describe('The latest 5 interactions, newest first'),
  openTasks: z.array(taskResponse).describe('The first 10 open tasks, soonest due first'),
  sections: z
    .strictObject({
      [REQUESTS_CARD_SECTION]: counted(
        z.strictObject({
          id,
          subject: z.string(),
          status: z.string().describe("Status key of the request's type"),
          statusLabelEn: z.string(),
          statusLabelFr: z.string(),
          teamName: z.string(),
          dueAt: nullableTimestamp,
          overdue: z.boolean(),
        }),
        'Open requests, by deadline',
      ).optional(),
      [LEADS_CARD_SECTION]: counted(
        z.strictObject({
          id,
          interest: z.string(),
          status: z.string().describe('new or accepted'),
          ownerId: nullableId,
          ownerName: z.string().nullable(),
          dueAt: nullableTimestamp.describe('The deadline to treat a new lead; null once accepted'),
          overdue: z.boolean(),
        }),
        'Open leads: new ones by deadline, then accepted ones',
      ).optional(),
    })
    .describe('Hand-off sections, each present only when not empty'),
});

export const phoneLookupResponse = z.strictObject({
  input: z.string().describe('The number as asked'),
  e164: z.string().describe('Its E.164 form, what records are matched on'),
  matches: z.array(callerMatch).describe('Every live person and organisation with this number (a shared switchboard gives several): never a guess'),
});
