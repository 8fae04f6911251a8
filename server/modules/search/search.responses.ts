/** What search answers (OpenAPI document only, see server/http/responses.ts). */
import { z } from 'zod';
import { id, wholeList } from '../../http/responses.js';

export const searchResponse = wholeList(
  z.strictObject({
    type: z.enum(['person', 'organisation']),
    id,
    title: z.string().describe('The name'),
    subtitle: z.string().nullable().describe('What tells namesakes apart: organisation, city…; found by a number, that number first, as record pages show it (French numbers in their national form, others as written: "06 12 34 56 78 · Lyon")'),
    score: z.int().min(1).max(3).describe('3: every word a whole name; 2: names beginning with them; 1: other fields'),
  }),
);
