/** Statistics and deterministic shuffling for the LSP latency benchmark. */

// ---------------------------------------------------------------- statistics

export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export function median(xs: (number | undefined | null)[]): number | null {
  const v = xs.filter((x): x is number => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  return v.length ? quantile(v, 0.5) : null;
}

export interface Series {
  n: number;
  p50: number | null;
  p95: number | null;
  /** Set when the series stopped early (timeout, error, time cap). */
  note?: string;
  /** Median of a size figure per request (items, characters), for sanity. */
  size?: number | null;
}

export function summarize(samples: number[], sizes: number[] = [], note?: string): Series {
  const s = [...samples].sort((a, b) => a - b);
  return { n: s.length, p50: s.length ? quantile(s, 0.5) : null, p95: s.length ? quantile(s, 0.95) : null, note, size: sizes.length ? median(sizes) : undefined };
}

// ---------------------------------------------------------------- deterministic choices

export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffled<T>(xs: T[], seed: number): T[] {
  const out = [...xs];
  const rnd = prng(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
