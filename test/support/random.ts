/** A small seeded generator for property tests: `rng(seed)(n)` is an integer in [0, n). */
export function rng(seed: number): (n: number) => number {
  let s = seed;
  return (n) => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s % n;
  };
}
