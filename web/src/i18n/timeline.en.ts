// English messages of a record's history: closed and cancelled tasks, task closures in the bell,
// timeline entries on every channel (adding, correcting), participants, links and attachments
// (spread into en.ts). timeline.fr.ts must define exactly the same keys. `{name}` marks an
// interpolated value.
export const timelineEn = {
  'tasks.cancel': 'Cancel task',
  'tasks.cancelTitle': 'Cancel “{title}”',
  'tasks.cancelIntro': 'The task is closed without being done. Colleagues will see why if you say so.',
  'tasks.cancelNote': 'Reason (optional)',
  'tasks.cancelNotePlaceholder': 'e.g. the customer called back first',
  'tasks.cancelConfirm': 'Cancel the task',
  'tasks.keepTask': 'Keep the task',
  'tasks.cancelled': 'Task cancelled',
  'tasks.closedTitle': 'Recently closed',
  'tasks.closedEmpty': 'No closed tasks.',
  'tasks.statusDone': 'Done',
  'tasks.statusCancelled': 'Cancelled',
  'tasks.closedDone': 'Done on {date}',
  'tasks.closedCancelled': 'Cancelled on {date}',
  'tasks.closedDoneBy': 'Done by {name} on {date}',
  'tasks.closedCancelledBy': 'Cancelled by {name} on {date}',
  'tasks.closedNoNote': 'No note.',
  'tasks.closedShowAll': 'Show all {count} closed tasks',
  'tasks.closedShowFewer': 'Show fewer',

  'bell.kind.task.completedNoBy': 'Task completed: {title}',
  'bell.kind.task.cancelled': '{by} cancelled: {title}',
  'bell.kind.task.cancelledNoBy': 'Task cancelled: {title}',
  'bell.unreadOne': 'Notifications, 1 unread',
  'bell.unread': 'Notifications, {count} unread',
  'bell.more': 'Older unread notifications are not listed here.',
} as const;
