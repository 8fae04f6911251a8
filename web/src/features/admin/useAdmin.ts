import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api.js';
import { ApiError } from '../../lib/ApiError.js';
import type { CustomFieldDefinition, Page, Role } from '../../lib/types.js';

export const ROLES: Role[] = ['admin', 'manager', 'frontdesk', 'sales', 'backoffice'];

/** A user as the administration page sees it (GET /api/users). */
export interface AdminUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  locale: 'fr' | 'en';
  teamId: string | null;
  disabled: boolean;
  createdAt: string;
}

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  locale: 'fr' | 'en';
  teamId: string | null;
  password: string;
}

export type UserPatch = Partial<Pick<AdminUser, 'name' | 'role' | 'locale' | 'teamId' | 'disabled'>> & { password?: string };

export interface ApiToken {
  id: string;
  name: string;
  scopes: string[];
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
  /** To the minute; null until the token is first used. */
  lastUsedAt: string | null;
}

/** The creation answer: the only time the secret is sent. */
export interface CreatedToken extends Omit<ApiToken, 'revokedAt' | 'lastUsedAt'> {
  token: string;
}

export interface RelationshipType {
  key: string;
  labelEn: string;
  labelFr: string;
}

/**
 * Field errors of a 400 keyed by path, in the user's language: the password rules come from the
 * server with a French message beside the English one.
 */
export function fieldErrorsIn(error: unknown, lang: string): Record<string, string> {
  if (!(error instanceof ApiError) || error.code !== 'VALIDATION_FAILED' || !Array.isArray(error.details)) return {};
  const result: Record<string, string> = {};
  for (const issue of error.details as { path?: unknown; message?: unknown; messageFr?: unknown }[]) {
    if (typeof issue?.path !== 'string') continue;
    const message = lang === 'fr' && typeof issue.messageFr === 'string' ? issue.messageFr : String(issue.message ?? '');
    result[issue.path] ??= message;
  }
  return result;
}

/** Every user, 200 a page; the key starts with 'users' so owner pickers refresh too. */
export function useAdminUsers() {
  return useInfiniteQuery({
    queryKey: ['users', 'admin'],
    queryFn: ({ pageParam }) => api.get<Page<AdminUser>>('/api/users', { limit: 200, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
}

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { inlineErrors: true },
    mutationFn: (body: NewUser) => api.post<AdminUser>('/api/users', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['users'] }),
  });
}

export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    meta: { inlineErrors: true },
    mutationFn: ({ id, patch }: { id: string; patch: UserPatch }) => api.patch<AdminUser>(`/api/users/${id}`, patch),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['users'] }),
  });
}

export function useTokens() {
  return useQuery({ queryKey: ['tokens'], queryFn: () => api.get<Page<ApiToken>>('/api/tokens') });
}

export function useRelationshipTypes() {
  return useQuery({ queryKey: ['relationship-types'], queryFn: () => api.get<Page<RelationshipType>>('/api/relationship-types') });
}

export function useCustomFieldDefinitions() {
  return useQuery({ queryKey: ['custom-fields'], queryFn: () => api.get<Page<CustomFieldDefinition>>('/api/custom-fields') });
}
