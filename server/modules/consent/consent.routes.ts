import { callerOf, type App } from '../../http/types.js';
import { consentsResponse } from './consent.responses.js';
import { consentBody, consentParams } from './consent.schemas.js';
import type { ConsentService } from './consent.service.js';

/** GET and PUT /api/people/:id/consents and /api/organisations/:id/consents. */
export function registerConsentRoutes(app: App, consent: ConsentService) {
  for (const [prefix, entityType, tag] of [
    ['/api/people', 'person', 'people'],
    ['/api/organisations', 'organisation', 'organisations'],
  ] as const) {
    app.get(`${prefix}/:id/consents`, {
      schema: { tags: [tag], summary: `The ${entityType}'s consent per channel and purpose (only what was recorded)`, params: consentParams },
      config: { permission: 'consent.read', documentedResponse: consentsResponse },
    }, async (request) => ({ items: await consent.list(entityType, request.params.id) }));

    app.put(`${prefix}/:id/consents`, {
      schema: {
        tags: [tag],
        summary: `Record what the ${entityType} accepts or refuses, per channel and purpose; pairs not listed stay as they are; audited`,
        params: consentParams,
        body: consentBody,
      },
      config: { permission: 'consent.record', documentedResponse: consentsResponse },
    }, async (request) => ({ items: await consent.record(callerOf(request), entityType, request.params.id, request.body) }));
  }
}
