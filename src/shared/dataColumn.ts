// The one spelling of a column derived from a `data` key, in exports and the panel alike.

export const DATA_COLUMN_PREFIX = 'data.';

/** The column of `data` key `key`: `data.team_id`. */
export function dataColumnName(key: string): string {
  return DATA_COLUMN_PREFIX + key;
}
