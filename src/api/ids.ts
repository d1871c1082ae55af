// Campfire ids: non-negative safe integers, in paths, arguments and messages alike.

export function isId(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
}
