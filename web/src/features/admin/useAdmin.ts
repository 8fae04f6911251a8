import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api.js';
import { ApiError } from '../../lib/ApiError.js';
import type { CustomFieldDefinition, Page, Role } from '../../lib/types.js';
import type { MessageKey, Translate } from '../../i18n/Dictionary.js';
import { i18n, type Language } from '../../i18n/i18n.js';
import { localiseIssue } from '../forms/validationMessages.js';

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
 * Field errors of a 400 (or of a 409 naming the field whose value is taken) keyed by path, in the
 * user's language: the server's French when it sends one (the password rules), a known message
 * translated, never English in the French interface. `taken` gives, by path, what to say when a
 * 409 ALREADY_EXISTS names that field.
 */
export function fieldErrorsIn(error: unknown, lang: Language, taken: Partial<Record<string, MessageKey>> = {}): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const t: Translate = (key, vars) => i18n.t(key, vars, lang);
  const result: Record<string, string> = {};
  for (const issue of error.issues) {
    // A value already taken, said precisely where the form knows how ("a user already has this e-mail").
    const precise = error.code === 'ALREADY_EXISTS' ? taken[issue.path] : undefined;
    result[issue.path] ??= precise ? t(precise) : localiseIssue(issue, t, lang);
  }
  return result;
}

/** A 409 saying a value the form sent (an e-mail, a key) is already taken. */
export function isTaken(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'ALREADY_EXISTS';
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
