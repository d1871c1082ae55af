// Enum values Campfire added after this version, kept as sent and told to the listener of the validation
// under way, so two clients in one process never share one.

/** Told of a value of `enumName` (e.g. "ContractStatus") that the schemas do not list. */
export type UnknownValueListener = (enumName: string, value: string) => void;

let current: UnknownValueListener | undefined;

/** Runs `validate` (synchronous) with unknown values going to `listener`, restoring the previous one after. */
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

/** Tells each distinct (enum, value) once, at most `limit` of them, so a server cannot flood the log. */
export function onceEach(listener: UnknownValueListener, limit = 1000): UnknownValueListener {
  const told = new Set<string>();
  return (enumName, value) => {
    const key = `${enumName}\u0000${value}`;
    if (told.has(key) || told.size >= limit) return;
    told.add(key);
    listener(enumName, value);
  };
}
