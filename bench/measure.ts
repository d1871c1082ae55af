// Small helpers shared by the benchmarks: a figure, timing, and the median of repeated runs.

export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
  /** The figure it must reach, as text (e.g. "≤ 200 ms"). */
  target?: string;
  /** Whether the target is met; undefined when the figure has no target. */
  ok?: boolean;
}

export async function timeMs(fn: () => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

export function round(n: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

/** A full collection, three times over (weak references and finalizers free more on each): the child must run with --expose-gc. */
export function fullGc(): void {
  const f = (globalThis as { gc?: () => void }).gc;
  if (!f) throw new Error('run with --expose-gc');
  for (let i = 0; i < 3; i++) f();
}

/** Bytes as MiB, unrounded. */
export const mib = (bytes: number): number => bytes / 2 ** 20;
