// Deterministic randomness by hashing (seed, ids, index), so any row of a listing can be produced on its own.

/** 32-bit integer hash of a few integers (murmur3-style finaliser over a running mix). */
export function hash(...parts: number[]): number {
  let h = 0x811c9dc5;
  for (const p of parts) {
    h = Math.imul(h ^ (p | 0), 0x01000193);
    h = Math.imul(h ^ Math.floor(p / 0x100000000), 0x5bd1e995);
    h ^= h >>> 15;
  }
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** hash(a, b, c, d) without the rest array, for the loops that sum a million events' figures (same value). */
export function hash4(a: number, b: number, c: number, d: number): number {
  let h = 0x811c9dc5;
  h = mix(h, a);
  h = mix(h, b);
  h = mix(h, c);
  h = mix(h, d);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

function mix(h: number, p: number): number {
  h = Math.imul(h ^ (p | 0), 0x01000193);
  h = Math.imul(h ^ Math.floor(p / 0x100000000), 0x5bd1e995);
  return h ^ (h >>> 15);
}

export function unit(...parts: number[]): number {
  return hash(...parts) / 0x100000000;
}

/** A small sequential generator (mulberry32) for data built once at start-up. */
export class Rng {
  private state: number;
  constructor(seed: number) {
    this.state = hash(seed) || 1;
  }
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 0x100000000;
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** Money with two decimals, as Campfire sends it. */
export function cents(value: number): number {
  return Math.round(value * 100) / 100;
}
