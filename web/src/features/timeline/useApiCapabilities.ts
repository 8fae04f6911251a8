import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.js';

interface OpenApiDocument {
  paths?: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> } }>>;
}

/** The fields a route's JSON body accepts, as the server's OpenAPI document describes them. */
function bodyFields(doc: OpenApiDocument, path: string, method: string): string[] {
  const schema = doc.paths?.[path]?.[method]?.requestBody?.content?.['application/json']?.schema;
  return Object.keys(schema?.properties ?? {});
}

/**
 * What this server accepts that older ones do not, read once from its OpenAPI document (public):
 * the app offers a field only where the server takes it, so a form never ends in "unknown field".
 */
export function useApiCapabilities(enabled = true) {
  const query = useQuery({
    queryKey: ['api-capabilities'],
    queryFn: async () => {
      const doc = await api.get<OpenApiDocument>('/api/openapi.json');
      const correctable = bodyFields(doc, '/api/interactions/{id}', 'patch');
      return {
        interactionDate: correctable.includes('occurredAt'),
        interactionChannel: correctable.includes('channel') && correctable.includes('direction'),
      };
    },
    enabled,
    staleTime: Infinity,
    gcTime: Infinity,
    retry: false,
  });
  return {
    ready: !query.isPending || !enabled,
    /** PATCH /api/interactions/:id takes occurredAt. */
    interactionDate: query.data?.interactionDate ?? false,
    /** PATCH /api/interactions/:id takes channel and direction. */
    interactionChannel: query.data?.interactionChannel ?? false,
  };
}
