import type { Kysely, Migration, MigrationProvider } from 'kysely';
import type { DialectFeatures } from '../dialect/features.js';
import * as foundation from './20261123-0001-foundation.js';
import * as relationshipTypes from './20261123-0002-relationship-types.js';
import * as telephony from './20261123-0003-telephony.js';
import * as requestsLeads from './20261123-0004-requests-leads.js';
import * as requestQueueOrder from './20261123-0005-request-queue-order.js';
import * as filterIndexes from './20261123-0006-filter-indexes.js';
import * as consents from './20261123-0007-consents.js';
import * as searchNamePrefixes from './20261202-0101-search-name-prefixes.js';
import * as leadAttributionImmutable from './20261202-0201-lead-attribution-immutable.js';
import * as requestTypeVersion from './20261202-0202-request-type-version.js';
import * as leadWarning from './20261202-0203-lead-warning.js';
import * as customFieldFolded from './20261202-0301-custom-field-folded.js';
import * as nameBeginnings from './20261202-0302-name-beginnings.js';
import * as partialContactIndexes from './20261202-0401-partial-contact-indexes.js';
import * as linkTablesByKey from './20261202-0501-link-tables-by-key.js';
import * as interactionPartyIndexes from './20261202-0502-interaction-party-indexes.js';
import * as searchWordsWithoutPositions from './20261202-0503-search-words-without-positions.js';
import * as nameSortKeys from './20261203-0101-name-sort-keys.js';
import * as foldMoreLetters from './20261203-0102-fold-more-letters.js';
import * as namePrefixesAsLexemes from './20261204-0101-name-prefixes-as-lexemes.js';
import * as textComparedAsBytes from './20261205-0101-text-compared-as-bytes.js';
import * as idempotencyKeys from './20261205-0201-idempotency-keys.js';
import * as knownLoginAddresses from './20261205-0301-known-login-addresses.js';
import * as leadDecisionNote from './20261205-0401-lead-decision-note.js';
import * as cityKeys from './20261205-0501-city-keys.js';
import * as taskCompletedBy from './20261205-0601-task-completed-by.js';
import * as notificationDedupe from './20261206-0101-notification-dedupe.js';
import * as addressCityKey from './20261206-0110-address-city-key.js';
import * as viewNameKeys from './20261206-0120-view-name-keys.js';
import * as taskClosingOrder from './20261206-0301-task-closing-order.js';
import * as titleSearchIndex from './20261206-0401-title-search-index.js';
import * as callbackMissedCalls from './20261206-0501-callback-missed-calls.js';
import * as searchNameRotations from './20261206-0601-search-name-rotations.js';
import * as callsToLog from './20261207-0101-calls-to-log.js';

interface RelaisMigration {
  up(db: Kysely<unknown>, dialect: DialectFeatures): Promise<void>;
}

/** Every migration, in order. Listed explicitly so they work from sources (tsx) and from dist alike. */
const MIGRATIONS: Record<string, RelaisMigration> = {
  '20261123-0001-foundation': foundation,
  '20261123-0002-relationship-types': relationshipTypes,
  '20261123-0003-telephony': telephony,
  '20261123-0004-requests-leads': requestsLeads,
  '20261123-0005-request-queue-order': requestQueueOrder,
  '20261123-0006-filter-indexes': filterIndexes,
  '20261123-0007-consents': consents,
  '20261202-0101-search-name-prefixes': searchNamePrefixes,
  '20261202-0201-lead-attribution-immutable': leadAttributionImmutable,
  '20261202-0202-request-type-version': requestTypeVersion,
  '20261202-0203-lead-warning': leadWarning,
  '20261202-0301-custom-field-folded': customFieldFolded,
  '20261202-0302-name-beginnings': nameBeginnings,
  '20261202-0401-partial-contact-indexes': partialContactIndexes,
  '20261202-0501-link-tables-by-key': linkTablesByKey,
  '20261202-0502-interaction-party-indexes': interactionPartyIndexes,
  '20261202-0503-search-words-without-positions': searchWordsWithoutPositions,
  '20261203-0101-name-sort-keys': nameSortKeys,
  '20261203-0102-fold-more-letters': foldMoreLetters,
  '20261204-0101-name-prefixes-as-lexemes': namePrefixesAsLexemes,
  '20261205-0101-text-compared-as-bytes': textComparedAsBytes,
  '20261205-0201-idempotency-keys': idempotencyKeys,
  '20261205-0301-known-login-addresses': knownLoginAddresses,
  '20261205-0401-lead-decision-note': leadDecisionNote,
  '20261205-0501-city-keys': cityKeys,
  '20261205-0601-task-completed-by': taskCompletedBy,
  '20261206-0101-notification-dedupe': notificationDedupe,
  '20261206-0110-address-city-key': addressCityKey,
  '20261206-0120-view-name-keys': viewNameKeys,
  '20261206-0301-task-closing-order': taskClosingOrder,
  '20261206-0401-title-search-index': titleSearchIndex,
  '20261206-0501-callback-missed-calls': callbackMissedCalls,
  '20261206-0601-search-name-rotations': searchNameRotations,
  '20261207-0101-calls-to-log': callsToLog,
};

/**
 * Hands Kysely's Migrator the list, each bound to the dialect's features. `onStart` hears of each
 * migration as it begins: a few rewrite large tables and take a while.
 */
export function migrationProvider(dialect: DialectFeatures, onStart?: (name: string) => void): MigrationProvider {
  return {
    async getMigrations() {
      const bound: Record<string, Migration> = {};
      for (const [name, m] of Object.entries(MIGRATIONS)) {
        bound[name] = {
          up: (db) => {
            onStart?.(name);
            return m.up(db, dialect);
          },
        };
      }
      return bound;
    },
  };
}
