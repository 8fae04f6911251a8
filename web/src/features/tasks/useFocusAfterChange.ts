import { useEffect, useState, type RefObject } from 'react';
import { useIsMutating } from '@tanstack/react-query';
import type { Task } from '../../lib/types.js';
import { TASK_UPDATE_KEY } from './useUpdateTask.js';

/** A task just changed, until the list read again shows it. */
interface Changed {
  taskId: string;
  /** The version the server gave it: a list still showing an older one is not read again yet. */
  version: number;
  /** Where it was in the list: the task then there is the next one. */
  index: number;
  /** Where the focus goes back to if the task stays in the list (the button of the action). */
  back: HTMLElement | null;
}

/**
 * Keeps the keyboard where the user works after acting on a task: the button that acted goes away
 * with the task (done, cancelled, given to a colleague) or is disabled while saving (postponed),
 * and the focus fell to the top of the page. Once the list shows the change, the focus goes to the
 * next task's title (the previous one if it was the last, the heading if none is left), or back to
 * the action's button if the task stays. Returns what the actions call once the server agreed.
 */
export function useFocusAfterChange(
  items: Task[],
  list: RefObject<HTMLElement | null>,
  heading: RefObject<HTMLElement | null> | undefined,
): (task: Task, back?: HTMLElement | null) => void {
  const [changed, setChanged] = useState<Changed | null>(null);
  // A postponement reloads the list before it ends; its button is disabled until then.
  const updating = useIsMutating({ mutationKey: TASK_UPDATE_KEY });

  useEffect(() => {
    if (!changed || updating > 0) return;
    const now = items.find((task) => task.id === changed.taskId);
    if (now && now.version < changed.version) return;
    setChanged(null);
    const titleOf = (task: Task) => list.current?.querySelector<HTMLElement>(`[data-task-id="${CSS.escape(task.id)}"] [data-task-title]`);
    if (now) {
      (changed.back?.isConnected ? changed.back : titleOf(now))?.focus();
      return;
    }
    const next = items[Math.min(Math.max(changed.index, 0), items.length - 1)];
    (next ? titleOf(next) : heading?.current)?.focus();
  }, [changed, items, updating, list, heading]);

  return (task, back = null) =>
    setChanged({ taskId: task.id, version: task.version, index: items.findIndex((item) => item.id === task.id), back });
}
