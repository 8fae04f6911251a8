import { sql, type RawBuilder } from 'kysely';
import { OTHER_MATCH_SCORE, searchInTiers, type Db, type DialectFeatures, type SearchHit } from '../../db/dialect/features.js';
import { digitsOnly, e164SearchPrefixes, internationalDigitForms, looksLikePhone } from '../../lib/phone.js';
import { tokens } from '../../lib/text.js';
import { formatPhone } from '../../../common/phone-display.js';

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
    // "+32 (0)470 12…": the trunk 0 in brackets is not dialled from abroad (full-text forms of foreign numbers lack it).
    const international = /^\s*(\+|00)/.test(query) && /\(\s*0\s*\)/.test(query);
    return [international ? internationalDigitForms(digits).at(-1)! : digits];
  }
  return tokens(query).slice(0, 8);
}

/** The smallest string of digits after every string beginning with `digits`, or null (all nines). */
function nextDigits(digits: string): string | null {
  const kept = digits.replace(/9+$/, '');
  if (kept === '') return null;
  return kept.slice(0, -1) + String(Number(kept.at(-1)) + 1);
}

/**
 * One ranked query over people and organisations (names, e-mails, phones, city, tags, custom text).
 * A number being typed is looked up by the beginning of its E.164 form in contact_points' index,
 * then in the full-text index (postal codes, numbers from abroad in their own format).
 */
export function createSearchService(deps: { db: Db; dialect: DialectFeatures; defaultRegion: string }) {
  const { db, dialect, defaultRegion } = deps;

  /**
   * Records with a phone number beginning like the typed one, in number order: per possible E.164
   * beginning, the first numbers of contact_points' index in order, so a short beginning ("06 1",
   * hundreds of thousands of numbers at a million people) reads no more than it shows. A record
   * with several matching numbers comes once (searchInTiers keeps the first). Each comes with the
   * number that matched before its usual detail line, shown as the record page shows it (French
   * numbers "06 12 34 56 78", others as written): the desk sees which of the record's numbers is calling.
   */
  async function byNumber(query: string, limit: number, type?: string): Promise<SearchHit[]> {
    const typeFilter = type ? sql`AND entity_type = ${type}` : sql``;
    const walks = e164SearchPrefixes(query, defaultRegion).map((prefix) => {
      // "+" then digits sort the same in any collation; the substr check keeps the answer exact.
      const upper = nextDigits(prefix.slice(1));
      return sql`SELECT * FROM (SELECT entity_type, entity_id, normalized, value FROM contact_points
        WHERE normalized >= ${prefix} ${upper ? sql`AND normalized < ${`+${upper}`}` : sql``}
          AND substr(normalized, 1, ${prefix.length}) = ${prefix} AND kind = 'phone' ${typeFilter}
        ORDER BY normalized LIMIT ${sql.lit(limit * 2)}) w`;
    });
    const rows = (
      await sql<SearchHit & { value: string; normalized: string }>`
        SELECT d.entity_type, d.entity_id, d.display_title, d.display_subtitle, c.value, c.normalized, ${sql.lit(OTHER_MATCH_SCORE)} AS score
        FROM (${sql.join(walks, sql` UNION ALL `)}) c
        JOIN search_documents d ON d.entity_type = c.entity_type AND d.entity_id = c.entity_id
        ORDER BY c.normalized, d.entity_id LIMIT ${sql.lit(limit * 2)}`.execute(db)
    ).rows;
    return rows.map(({ value, normalized, ...hit }) => ({
      ...hit,
      display_subtitle: [formatPhone(value, normalized), hit.display_subtitle].filter(Boolean).join(' · '),
    }));
  }

  return {
    /**
     * Every record of a type the search box would find for `query`, as a query selecting
     * `entity_id` (a list's text filter: all matches, not the best few); null when the query has
     * no word or digit.
     */
    matchingIds(query: string, type: 'person' | 'organisation'): RawBuilder<{ entity_id: string }> | null {
      const terms = searchTerms(query);
      if (terms.length === 0) return null;
      const matches = [dialect.matchingDocuments(terms, type)];
      if (looksLikePhone(query)) {
        for (const prefix of e164SearchPrefixes(query, defaultRegion)) {
          const upper = nextDigits(prefix.slice(1));
          matches.push(sql`SELECT entity_id FROM contact_points WHERE normalized >= ${prefix} ${upper ? sql`AND normalized < ${`+${upper}`}` : sql``}
            AND substr(normalized, 1, ${prefix.length}) = ${prefix} AND kind = 'phone' AND entity_type = ${type}`);
        }
      }
      return sql<{ entity_id: string }>`${sql.join(matches, sql` UNION `)}`;
    },

    async search(query: string, limit: number, type?: 'person' | 'organisation'): Promise<SearchResult[]> {
      const terms = searchTerms(query);
      if (terms.length === 0) return [];
      const tiers = [() => dialect.search(db, terms, limit, type)];
      if (looksLikePhone(query)) tiers.unshift(() => byNumber(query, limit, type));
      const hits = await searchInTiers(tiers, limit);
      return hits.map((h) => ({ type: h.entity_type, id: h.entity_id, title: h.display_title, subtitle: h.display_subtitle, score: Number(h.score) }));
    },
  };
}

export type SearchService = ReturnType<typeof createSearchService>;
