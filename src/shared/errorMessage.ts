// What a caught value says, for a log line or a message: an Error's message, anything else as text.

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
