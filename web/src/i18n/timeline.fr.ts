import type { timelineEn } from './timeline.en.js';

// French messages of a record's history (spread into fr.ts): exactly the keys of timeline.en.ts.
export const timelineFr: Record<keyof typeof timelineEn, string> = {
  'tasks.cancel': 'Annuler la tâche',
  'tasks.cancelTitle': 'Annuler « {title} »',
  'tasks.cancelIntro': 'La tâche est close sans avoir été faite. Vos collègues verront pourquoi si vous le précisez.',
  'tasks.cancelNote': 'Motif (facultatif)',
  'tasks.cancelNotePlaceholder': 'ex. : le client a rappelé entre-temps',
  'tasks.cancelConfirm': 'Annuler la tâche',
  'tasks.keepTask': 'Garder la tâche',
  'tasks.cancelled': 'Tâche annulée',
  'tasks.closedTitle': 'Closes récemment',
  'tasks.closedEmpty': 'Aucune tâche close.',
  'tasks.statusDone': 'Faite',
  'tasks.statusCancelled': 'Annulée',
  'tasks.closedDone': 'Terminée le {date}',
  'tasks.closedCancelled': 'Annulée le {date}',
  'tasks.closedDoneBy': 'Terminée par {name} le {date}',
  'tasks.closedCancelledBy': 'Annulée par {name} le {date}',
  'tasks.closedNoNote': 'Sans note.',
  'tasks.closedShowAll': 'Voir les {count} tâches closes',
  'tasks.closedShowFewer': 'En voir moins',

  'bell.kind.task.completedNoBy': 'Tâche terminée : {title}',
  'bell.kind.task.cancelled': '{by} a annulé : {title}',
  'bell.kind.task.cancelledNoBy': 'Tâche annulée : {title}',
  'bell.unreadOne': 'Notifications, 1 non lue',
  'bell.unread': 'Notifications, {count} non lues',
  'bell.more': 'Les notifications non lues plus anciennes ne sont pas listées ici.',
};
