/**
 * A list's count, asked for with `total=true` on its first page: counted up to a cap, so asking
 * stays cheap at a million records; beyond, the answer says "10,000+" (totalIsLowerBound).
 */
export const LIST_TOTAL_CAP = 10_000;

export interface ListTotal {
  total: number;
  totalIsLowerBound: boolean;
}

/** `counted`: how many rows a count limited to cap + 1 found. */
export function totalOf(counted: number, cap: number): ListTotal {
  return counted > cap ? { total: cap, totalIsLowerBound: true } : { total: counted, totalIsLowerBound: false };
}
