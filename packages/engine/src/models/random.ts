/**
 * A small seeded pseudo-random generator (mulberry32) so that fitting with restarts, data
 * splitting and simulation are reproducible: the same seed always gives the same numbers.
 */

/** A function returning uniform numbers in [0, 1). */
export type KtRandom = () => number;

/** A deterministic uniform [0, 1) generator for a 32-bit integer seed. */
export function createKtRandom(seed: number): KtRandom {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
