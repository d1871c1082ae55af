// The one spelling of a column derived from a `data` key, wherever such a column is named: the CSV
// export's header, the usage-events table's column id, its header and column chooser, and Copy.

/** What a data key's column name starts with. */
export const DATA_COLUMN_PREFIX = 'data.';

/** The column of `data` key `key`: `data.team_id`. */
export function dataColumnName(key: string): string {
  return DATA_COLUMN_PREFIX + key;
}
