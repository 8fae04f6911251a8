import type { Db, DialectFeatures } from '../../db/dialect/features.js';
import { digitsOnly, looksLikePhone } from '../../lib/phone.js';
import { tokens } from '../../lib/text.js';

export interface SearchResult {
  type: string;
  id: string;
  title: string;
  subtitle: string | null;
  score: number;
}

/**
 * Turns what a person typed into prefix terms: words are folded ("Hélène" -> "helene");
 * a phone number in any written form becomes its digits, international "00" and "+" dropped,
 * so "06 12 34", "+33 6 12" and "0033 6 12" all match.
 */
export function searchTerms(query: string): string[] {
  if (looksLikePhone(query)) {
    const digits = digitsOnly(query).replace(/^00/, '');
    return [digits];
  }
  return tokens(query).slice(0, 8);
}

/** One ranked query over people and organisations (names, e-mails, phones, city, tags, custom text). */
export function createSearchService(deps: { db: Db; dialect: DialectFeatures }) {
  return {
    async search(query: string, limit: number, type?: 'person' | 'organisation'): Promise<SearchResult[]> {
      const terms = searchTerms(query);
      if (terms.length === 0) return [];
      const hits = await deps.dialect.search(deps.db, terms, limit, type);
      return hits.map((h) => ({ type: h.entity_type, id: h.entity_id, title: h.display_title, subtitle: h.display_subtitle, score: h.score }));
    },
  };
}

export type SearchService = ReturnType<typeof createSearchService>;
