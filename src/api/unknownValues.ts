// Values Campfire sent that this version does not know (an enum value added after it was written).
// They are kept as sent; whoever validates is told, through the listener of the validation under
// way. Each client has its own listener (CampfireClientOptions.onUnknownValue), so two clients in
// one process (the window's and a sign-in probe, or tests side by side) never share one.

/** Told of a value of `enumName` (e.g. "ContractStatus") that the schemas do not list. */
export type UnknownValueListener = (enumName: string, value: string) => void;

let current: UnknownValueListener | undefined;

/**
 * Runs `validate` with unknown values going to `listener`. Validation is synchronous (zod's
 * safeParse), so the listener is in place for exactly the values this call meets, and the one in
 * place before (none, or an outer call's) is back when it returns or throws.
 */
export function withUnknownValueListener<T>(listener: UnknownValueListener | undefined, validate: () => T): T {
  const outer = current;
  current = listener;
  try {
    return validate();
  } finally {
    current = outer;
  }
}

/** Called by the schemas (openEnum) for a value they do not know. */
export function reportUnknownValue(enumName: string, value: string): void {
  current?.(enumName, value);
}

/**
 * `listener`, told of each distinct (enum, value) once: the first record with a new status says
 * so, the next hundred thousand do not. At most `limit` distinct values are told (and remembered),
 * so a server that sends a new value in every row cannot flood the log or grow memory.
 */
export function onceEach(listener: UnknownValueListener, limit = 1000): UnknownValueListener {
  const told = new Set<string>();
  return (enumName, value) => {
    const key = `${enumName}\u0000${value}`;
    if (told.has(key) || told.size >= limit) return;
    told.add(key);
    listener(enumName, value);
  };
}
