import type { Translate } from '../../i18n/Dictionary.js';
import { ApiError } from '../../lib/ApiError.js';
import { localiseFieldError } from './validationMessages.js';

/**
 * Field errors of a 400 VALIDATION_FAILED answer keyed by the form's own paths, in the user's
 * language. Lists are sent without their empty rows, so `indexMaps.phones[k]` gives the form row
 * of the k-th sent phone.
 */
export function fieldErrors(error: unknown, indexMaps: Record<string, number[]>, t: Translate): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const result: Record<string, string> = {};
  for (const issue of error.issues) {
    const [list, index, ...rest] = issue.path.split('.');
    const map = list ? indexMaps[list] : undefined;
    const path =
      map && index !== undefined && /^\d+$/.test(index) && map[Number(index)] !== undefined
        ? [list, String(map[Number(index)]), ...rest].join('.')
        : issue.path;
    result[path] ??= localiseFieldError(issue.message, t);
  }
  return result;
}
