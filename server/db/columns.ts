/**
 * A table's column names, from an object with one key per column: `columnsOf<PeopleTable>({ id:
 * true, … })` does not compile while a column is missing or unknown, so a list of names kept for
 * queries that must name every column (see DialectFeatures.jsonRows) follows the schema.
 */
export function columnsOf<Table>(columns: Record<keyof Table & string, true>): readonly (keyof Table & string)[] {
  return Object.keys(columns) as (keyof Table & string)[];
}
