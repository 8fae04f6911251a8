import { CITIES, PERSON_TAGS } from '../server/modules/demo/french-data.js';
import { WRITTEN_FORMS } from '../server/modules/demo/french-phones.js';
import type { Samples } from './datasets.js';
import type { NextRequest } from './load.js';

export interface Scenario {
  name: 'lookup' | 'search' | 'list' | 'create';
  title: string;
  next: NextRequest;
}

function pick<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)];
}

/** What a receptionist types in the search box: prefixes of names, name + initial, firm names, cities, digits. */
function searchQueries(samples: Samples): string[] {
  const queries: string[] = [];
  for (const { first, last } of samples.names.slice(0, 300)) {
    queries.push(last.slice(0, 3 + Math.floor(Math.random() * 4)).toLowerCase());
    queries.push(`${first} ${last.slice(0, 3)}`);
    queries.push(`${last} ${first.slice(0, 2)}`);
  }
  for (const name of samples.organisations.slice(0, 200)) {
    const words = name.split(' ');
    queries.push(words.length > 1 ? `${words[0]} ${words[1].slice(0, 3)}` : words[0].slice(0, 5));
  }
  for (const city of CITIES) queries.push(city.name.slice(0, 4 + Math.floor(Math.random() * 4)));
  for (const phone of samples.phones.slice(0, 100)) {
    // "06 12 34" typed while the phone rings.
    const national = phone.slice(3);
    queries.push(`0${national[0]} ${national.slice(1, 3)} ${national.slice(3, 5)}`);
  }
  return queries;
}

export function scenarios(samples: Samples): Scenario[] {
  const queries = searchQueries(samples);
  const phoneForms = samples.phones.map((e164) => e164.slice(3));
  let listTurn = 0;
  return [
    {
      name: 'lookup',
      title: 'GET /api/lookup/phone/:number (numbers of generated people, written in varied forms)',
      next: () => ({ path: `/api/lookup/phone/${encodeURIComponent(pick(WRITTEN_FORMS)(pick(phoneForms)))}` }),
    },
    {
      name: 'search',
      title: 'GET /api/search?q= (name, firm and city prefixes, partial numbers)',
      next: () => ({ path: `/api/search?q=${encodeURIComponent(pick(queries))}` }),
    },
    {
      name: 'list',
      title: 'GET /api/people?city=…&sort=lastName&limit=50 and ?tag=…&sort=-createdAt&limit=50, alternately',
      next: () =>
        listTurn++ % 2 === 0
          ? { path: `/api/people?city=${encodeURIComponent(pick(CITIES).name)}&sort=lastName&limit=50` }
          : { path: `/api/people?tag=${pick(PERSON_TAGS)}&sort=-createdAt&limit=50` },
    },
    {
      name: 'create',
      title: 'POST /api/interactions (a logged inbound call on a random person)',
      next: () => ({
        method: 'POST',
        path: '/api/interactions',
        body: JSON.stringify({
          channel: 'call',
          direction: 'in',
          personId: pick(samples.personIds),
          durationSeconds: 95,
          outcome: 'reached',
          summary: 'Demande de cotation Lyon → Lille, 12 palettes',
        }),
      }),
    },
  ];
}
