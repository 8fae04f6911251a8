import { ApiError } from '../../lib/ApiError.js';

/**
 * Field errors of a 400 VALIDATION_FAILED answer keyed by the form's own paths. Lists are sent
 * without their empty rows, so `indexMaps.phones[k]` gives the form row of the k-th sent phone.
 */
export function fieldErrors(error: unknown, indexMaps: Record<string, number[]> = {}): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const result: Record<string, string> = {};
  for (const issue of error.issues) {
    const [list, index, ...rest] = issue.path.split('.');
    const map = list ? indexMaps[list] : undefined;
    const path =
      map && index !== undefined && /^\d+$/.test(index) && map[Number(index)] !== undefined
        ? [list, String(map[Number(index)]), ...rest].join('.')
        : issue.path;
    result[path] ??= issue.message;
  }
  return result;
}
