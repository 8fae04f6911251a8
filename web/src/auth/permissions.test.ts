import { describe, expect, it } from 'vitest';
import { canDeleteRecords, canEditInteraction, canEditRecord, canMergeRecords, canUpdateTask, canWorkRequest, ownerChoice, PERMISSIONS } from './permissions.js';

describe('web permissions', () => {
  it('a request is worked by its team, its assignee and who opened it; managers work them all', () => {
    const request = { assigneeId: null, openedBy: 'desk', teamId: 'support' };
    expect(canWorkRequest({ id: 'tech', role: 'backoffice', teamId: 'support' }, request)).toBe(true);
    expect(canWorkRequest({ id: 'desk', role: 'frontdesk', teamId: null }, request)).toBe(true);
    expect(canWorkRequest({ id: 'rep', role: 'sales', teamId: null }, request)).toBe(false);
    expect(canWorkRequest({ id: 'rep', role: 'sales', teamId: 'sales-team' }, request)).toBe(false);
    expect(canWorkRequest({ id: 'rep', role: 'sales', teamId: null }, { ...request, assigneeId: 'rep' })).toBe(true);
    expect(canWorkRequest({ id: 'boss', role: 'manager', teamId: null }, request)).toBe(true);
    expect(canWorkRequest(null, request)).toBe(false);
  });

  it('match the server’s permission table', async () => {
    const server = await import('../../../server/modules/access/permissions.js');
    for (const [action, grants] of Object.entries(PERMISSIONS)) {
      expect(grants, action).toEqual(server.PERMISSIONS[action as keyof typeof server.PERMISSIONS]);
    }
  });

  it('a sales rep edits only the records they own; the desk edits all', () => {
    const sales = { id: 'u1', role: 'sales' as const };
    expect(canEditRecord(sales, 'person', { ownerId: 'u1' })).toBe(true);
    expect(canEditRecord(sales, 'person', { ownerId: 'u2' })).toBe(false);
    expect(canEditRecord(sales, 'organisation', { ownerId: null })).toBe(false);
    expect(canEditRecord({ id: 'u3', role: 'frontdesk' }, 'organisation', { ownerId: 'u2' })).toBe(true);
    expect(canEditRecord(null, 'person', { ownerId: null })).toBe(false);
  });

  it('managers hand a record to anyone; the desk takes one nobody owns or gives up its own; a sales rep neither', () => {
    expect(ownerChoice({ id: 'm', role: 'manager' }, 'person', { ownerId: 'u2' })).toBe('anyone');
    expect(ownerChoice({ id: 'a', role: 'admin' }, 'organisation', { ownerId: null })).toBe('anyone');
    const desk = { id: 'd', role: 'frontdesk' as const };
    expect(ownerChoice(desk, 'person', { ownerId: null })).toBe('self');
    expect(ownerChoice(desk, 'person', { ownerId: 'd' })).toBe('self');
    expect(ownerChoice(desk, 'person', { ownerId: 'u2' })).toBeNull();
    expect(ownerChoice({ id: 's', role: 'sales' }, 'person', { ownerId: 's' })).toBeNull();
    expect(ownerChoice({ id: 's', role: 'sales' }, 'organisation', { ownerId: null })).toBeNull();
    expect(ownerChoice(null, 'person', { ownerId: null })).toBeNull();
  });

  it('only managers and admins merge and delete records; staff change their own tasks', () => {
    expect(canMergeRecords({ role: 'manager' }, 'person')).toBe(true);
    expect(canMergeRecords({ role: 'frontdesk' }, 'organisation')).toBe(false);
    expect(canDeleteRecords({ role: 'admin' }, 'organisation')).toBe(true);
    expect(canDeleteRecords({ role: 'sales' }, 'person')).toBe(false);
    expect(canDeleteRecords(null, 'person')).toBe(false);
    const task = { assigneeId: 'u2', createdBy: 'u3' };
    expect(canUpdateTask({ id: 'u1', role: 'sales' }, task)).toBe(false);
    expect(canUpdateTask({ id: 'u3', role: 'sales' }, task)).toBe(true);
    expect(canUpdateTask({ id: 'u1', role: 'admin' }, task)).toBe(true);
  });

  it('staff correct the timeline entries they logged; managers any', () => {
    expect(canEditInteraction({ id: 'u1', role: 'frontdesk' }, { authorId: 'u1' })).toBe(true);
    expect(canEditInteraction({ id: 'u1', role: 'sales' }, { authorId: 'u2' })).toBe(false);
    // Logged by the phone system (no author): only those who may correct any entry.
    expect(canEditInteraction({ id: 'u1', role: 'backoffice' }, { authorId: null })).toBe(false);
    expect(canEditInteraction({ id: 'u1', role: 'manager' }, { authorId: 'u2' })).toBe(true);
    expect(canEditInteraction(null, { authorId: 'u1' })).toBe(false);
  });
});
