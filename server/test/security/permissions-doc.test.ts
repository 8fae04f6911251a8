/**
 * docs/permissions.md is generated from the permission table and the route table, and this test
 * fails when the file drifts. After changing either, regenerate it:
 *
 *   RELAIS_UPDATE_DOCS=1 npx vitest run server/test/security/permissions-doc.test.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PERMISSIONS, ROLES, grantFor, type Action, type Role } from '../../modules/access/permissions.js';
import { ROUTE_EXAMPLES } from './route-examples.js';
import { bareApp } from './support.js';

const DOC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../docs/permissions.md');

const ROLE_LABELS: Record<Role, { en: string; fr: string }> = {
  admin: { en: 'Administrator', fr: 'Administrateur' },
  manager: { en: 'Manager', fr: 'Responsable' },
  frontdesk: { en: 'Front desk', fr: 'Accueil' },
  sales: { en: 'Sales', fr: 'Commercial' },
  backoffice: { en: 'Back office', fr: 'Back-office' },
};

/** What each action lets one do. A new action without its line here fails the test. */
const ACTION_LABELS: Partial<Record<Action, { en: string; fr: string }>> = {
  'session.own': { en: 'Own session: who am I, log out, change own password', fr: 'Sa session : profil, déconnexion, changer son mot de passe' },
  'users.list': { en: 'See colleagues (users)', fr: 'Voir les collègues (utilisateurs)' },
  'users.manage': { en: 'Create users, change roles, disable accounts, reset passwords', fr: 'Créer des utilisateurs, changer les rôles, désactiver, réinitialiser les mots de passe' },
  'teams.read': { en: 'See teams', fr: 'Voir les équipes' },
  'teams.manage': { en: 'Create teams', fr: 'Créer des équipes' },
  'tokens.manage': { en: 'Own API tokens: create (from a session), list, revoke', fr: 'Ses jetons d’API : créer (depuis une session), lister, révoquer' },
  'people.read': { en: 'Read people', fr: 'Consulter les personnes' },
  'people.create': { en: 'Create people', fr: 'Créer des personnes' },
  'people.update': { en: 'Edit people', fr: 'Modifier des personnes' },
  'people.delete': { en: 'Delete people', fr: 'Supprimer des personnes' },
  'people.merge': { en: 'Merge duplicate people', fr: 'Fusionner des doublons de personnes' },
  'organisations.read': { en: 'Read organisations', fr: 'Consulter les organisations' },
  'organisations.create': { en: 'Create organisations', fr: 'Créer des organisations' },
  'organisations.update': { en: 'Edit organisations', fr: 'Modifier des organisations' },
  'organisations.delete': { en: 'Delete organisations', fr: 'Supprimer des organisations' },
  'organisations.merge': { en: 'Merge duplicate organisations', fr: 'Fusionner des doublons d’organisations' },
  'interactions.read': { en: 'Read the timeline and attachments', fr: 'Consulter l’historique et les pièces jointes' },
  'interactions.create': { en: 'Log calls, e-mails, notes…; attach files', fr: 'Saisir appels, e-mails, notes… ; joindre des fichiers' },
  'interactions.update': { en: 'Edit logged interactions', fr: 'Modifier des échanges saisis' },
  'interactions.delete': { en: 'Withdraw an interaction logged by mistake (audited)', fr: 'Retirer un échange saisi par erreur (audité)' },
  'tasks.read': { en: 'Read tasks', fr: 'Consulter les tâches' },
  'tasks.create': { en: 'Create tasks and hand them over', fr: 'Créer des tâches et les confier' },
  'tasks.update': { en: 'Change, complete or cancel tasks', fr: 'Modifier, terminer ou annuler des tâches' },
  'search.use': { en: 'Search', fr: 'Rechercher' },
  'lookup.phone': { en: 'Identify a caller by phone number', fr: 'Identifier un appelant par son numéro' },
  'events.stream': { en: 'Receive live events addressed to oneself', fr: 'Recevoir les événements en direct qui vous sont destinés' },
  'notifications.own': { en: 'Own notifications', fr: 'Ses notifications' },
  'views.own': { en: 'Own saved list views', fr: 'Ses vues de liste enregistrées' },
  'customFields.read': { en: 'See custom field definitions', fr: 'Voir les champs personnalisés' },
  'customFields.manage': { en: 'Define custom fields', fr: 'Définir des champs personnalisés' },
  'relationshipTypes.read': { en: 'See relationship types', fr: 'Voir les types de relation' },
  'relationshipTypes.manage': { en: 'Define relationship types', fr: 'Définir des types de relation' },
  'tags.read': { en: 'See tags in use', fr: 'Voir les étiquettes utilisées' },
  'audit.read': { en: 'Read the audit trail (who changed what)', fr: 'Consulter le journal d’audit (qui a modifié quoi)' },
  'telephony.manage': { en: 'Connect phone systems, map extensions to users', fr: 'Raccorder la téléphonie, attribuer les postes' },
  'telephony.overload': { en: 'Switch overload mode on or off', fr: 'Activer ou couper le mode saturation' },
  'telephony.priority': { en: 'Set who counts as under contract (rings first, even in overload mode)', fr: 'Définir qui est sous contrat (prioritaire, même en mode saturation)' },
  'calls.read': { en: 'Read the call log, screen-pop cards, extensions and overload state', fr: 'Consulter le journal d’appels, les fiches d’appel, les postes et le mode saturation' },
  'telephony.originate': { en: 'Click to call', fr: 'Appeler d’un clic' },
  'callbacks.read': { en: 'Read the call-back queue', fr: 'Consulter la file des rappels' },
  'callbacks.update': { en: 'Take, assign, record attempts on, close call-backs', fr: 'Prendre, attribuer, noter les tentatives, clore des rappels' },
  'reports.calls': { en: 'Call statistics', fr: 'Statistiques d’appels' },
  'pressure.read': { en: 'See contact-pressure caps and where records stand', fr: 'Voir les plafonds de sollicitation et l’état des fiches' },
  'pressure.manage': { en: 'Set contact-pressure caps', fr: 'Fixer les plafonds de sollicitation' },
  'consent.read': { en: 'See what a record consents to, per channel and purpose', fr: 'Voir les consentements d’une fiche, par canal et finalité' },
  'consent.record': { en: 'Record consent or refusal per channel and purpose (audited)', fr: 'Enregistrer un consentement ou un refus par canal et finalité (audité)' },
  'teams.configure': { en: 'Set a team’s manager and working calendar', fr: 'Choisir le responsable et le calendrier d’une équipe' },
  'requestTypes.read': { en: 'See request types and their workflows', fr: 'Voir les types de demandes et leurs circuits' },
  'requestTypes.manage': { en: 'Define request types, workflows and deadlines', fr: 'Définir les types de demandes, circuits et délais' },
  'requests.read': { en: 'Read requests and their history', fr: 'Consulter les demandes et leur historique' },
  'requests.create': { en: 'Hand a request to a team', fr: 'Confier une demande à une équipe' },
  'requests.work': { en: 'Take, edit, move along and comment requests', fr: 'Prendre, modifier, faire avancer et commenter des demandes' },
  'leads.read': { en: 'Read leads and routing settings', fr: 'Consulter les pistes et les règles d’attribution' },
  'leads.create': { en: 'Pass a lead to sales', fr: 'Transmettre une piste aux commerciaux' },
  'leads.work': { en: 'Accept, convert or reject a lead', fr: 'Accepter, convertir ou écarter une piste' },
  'leads.reassign': { en: 'Reassign a lead', fr: 'Réattribuer une piste' },
  'leads.configure': { en: 'Set lead routing, deadline and reject reasons', fr: 'Régler l’attribution des pistes, le délai et les motifs de refus' },
  'reports.leads': { en: 'Lead conversion report', fr: 'Rapport de conversion des pistes' },
};

/** Public routes that authenticate another way than a user login. */
const PUBLIC_NOTES: Record<string, string> = {
  'POST /api/auth/login': 'e-mail and password — e-mail et mot de passe',
  'POST /api/telephony/events': 'the integration secret as `Authorization: Bearer` — le secret de l’intégration',
  'POST /api/telephony/twilio/:integrationId/voice': '`X-Twilio-Signature` — signature Twilio',
  'POST /api/telephony/twilio/:integrationId/status': '`X-Twilio-Signature` — signature Twilio',
};

const GRANT_TEXT = { any: 'all · tout', own: 'own · les siens' } as const;

/** The whole document, from the two tables. */
export function renderPermissionsDoc(routes: { method: string; url: string; permission?: string }[]): string {
  const api = routes.filter((r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs') && r.method !== 'HEAD');
  const routesOf = (permission: string) =>
    api
      .filter((r) => r.permission === permission)
      .map((r) => `\`${r.method} ${r.url}\``)
      .join('<br>');
  const privateRoutes = Object.entries(ROUTE_EXAMPLES)
    .filter(([, e]) => e.privateTo)
    .map(([k, e]) => `- \`${k}\`${e.privateTo!.exceptRoles.length ? ` (except / sauf ${e.privateTo!.exceptRoles.join(', ')})` : ''}`);

  const lines = [
    '# Permissions — Droits d’accès',
    '',
    '<!-- Generated from server/modules/access/permissions.ts and the route table by',
    '     server/test/security/permissions-doc.test.ts. Do not edit by hand: run',
    '     RELAIS_UPDATE_DOCS=1 npx vitest run server/test/security/permissions-doc.test.ts -->',
    '',
    'Every API route names one action; each role has that action on **all** records, on its **own**',
    'records only, or not at all (403). Without a login every route but the public ones answers 401.',
    'The permission matrix test (`server/test/security/permission-matrix.test.ts`) checks every route',
    'against this table for every role, on the caller’s own record and on a colleague’s.',
    '',
    '*Chaque route de l’API correspond à une action ; chaque rôle a cette action sur **tout**, sur',
    '**les siens** seulement (ses fiches, ses échanges, ses tâches), ou pas du tout (403). Sans connexion, toute route non',
    'publique répond 401. Le test de matrice des droits vérifie chaque route pour chaque rôle, sur une',
    'fiche de l’appelant et sur celle d’un collègue.*',
    '',
    '## Roles — Rôles',
    '',
    '| role | English | Français |',
    '| --- | --- | --- |',
    ...ROLES.map((r) => `| \`${r}\` | ${ROLE_LABELS[r].en} | ${ROLE_LABELS[r].fr} |`),
    '',
    '## What “own” means — Ce que « les siens » veut dire',
    '',
    '| records | own when — « les siens » quand |',
    '| --- | --- |',
    '| people, organisations — personnes, organisations | the user is the owner (`ownerId`) — l’utilisateur en est le propriétaire |',
    '| interactions — échanges | the user logged it (`authorId`) — l’utilisateur l’a saisi |',
    '| tasks — tâches | the user is the assignee or created it — l’utilisateur en est chargé ou l’a créée |',
    '| call-backs — rappels | assigned to the user, or to nobody (taking one assigns it) — attribué à l’utilisateur, ou à personne (le prendre le lui attribue) |',
    '| requests — demandes | the user opened it, is assigned to it, or is in its team — l’utilisateur l’a ouverte, en est chargé ou est dans son équipe |',
    '| leads — pistes | the user owns it (only sellers do: sales, managers, admins) — l’utilisateur en est propriétaire (seuls les vendeurs le sont) |',
    '',
    'Only admins and managers may set another user as owner, or change the owner of a record someone else owns; others may take a record nobody owns. Those who may edit every record may also give up their own; a salesperson, who edits only their own, would lose it: a manager hands it over.',
    '*Seuls les administrateurs et responsables peuvent désigner un autre propriétaire, ou changer celui d’une fiche qui appartient à quelqu’un d’autre ; les autres peuvent prendre une fiche sans propriétaire. Ceux qui peuvent modifier toutes les fiches peuvent aussi laisser la leur ; un commercial, qui ne modifie que les siennes, la perdrait : un responsable la confie à un autre.*',
    '',
    '## Rights by action — Droits par action',
    '',
    `| action | ${ROLES.map((r) => `${r}`).join(' | ')} | routes |`,
    `| --- | ${ROLES.map(() => ':---:').join(' | ')} | --- |`,
    ...Object.keys(PERMISSIONS).map((action) => {
      const label = ACTION_LABELS[action as Action];
      const cells = ROLES.map((role) => {
        const grant = grantFor(role, action as Action);
        return grant ? GRANT_TEXT[grant] : '—';
      });
      return `| \`${action}\`<br>${label?.en ?? '?'}<br>*${label?.fr ?? '?'}* | ${cells.join(' | ')} | ${routesOf(action)} |`;
    }),
    '',
    '## Private to their owner — Privés à leur propriétaire',
    '',
    'These records are found only among the caller’s own, whatever the role; another user’s id',
    'answers 404 as if it did not exist. *Ces éléments ne sont trouvés que parmi ceux de',
    'l’appelant ; l’identifiant de ceux d’un autre répond 404.*',
    '',
    ...privateRoutes,
    '',
    '## Public routes — Routes publiques',
    '',
    ...api
      .filter((r) => r.permission === 'public')
      .map((r) => `- \`${r.method} ${r.url}\`${PUBLIC_NOTES[`${r.method} ${r.url}`] ? ` — ${PUBLIC_NOTES[`${r.method} ${r.url}`]}` : ''}`),
    '- `GET /api/docs` — API documentation UI / documentation de l’API',
    '',
  ];
  return lines.join('\n');
}

describe('docs/permissions.md', () => {
  it('describes every action of the permission table in English and French', () => {
    const missing = Object.keys(PERMISSIONS).filter((a) => !ACTION_LABELS[a as Action]);
    expect(missing, 'add a label to ACTION_LABELS in this file').toEqual([]);
  });

  it('matches the permission table and the route table', async () => {
    const listing = await bareApp('sqlite');
    const expected = renderPermissionsDoc(listing.app.relais.routes);
    await listing.close();
    if (process.env.RELAIS_UPDATE_DOCS === '1') fs.writeFileSync(DOC, expected);
    const current = fs.existsSync(DOC) ? fs.readFileSync(DOC, 'utf8') : '';
    expect(current, 'docs/permissions.md is out of date: run RELAIS_UPDATE_DOCS=1 npx vitest run server/test/security/permissions-doc.test.ts').toBe(expected);
  });
});
