/**
 * Strings that outlive the text they were cut from. V8 keeps a substring of 13 or
 * more characters as a view into its source string, so a record or model entry kept
 * across edits would keep every old version of the document alive. Data kept beyond
 * one version detaches its strings with these.
 */

/** A copy of `s` that does not keep a larger string alive. */
export function detached(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1); // flattening the concatenation copies
}

/**
 * Replaces, in place, every string inside plain objects and arrays by a detached copy.
 * `visit` sees each object (not array) once, however often it is referenced.
 */
export function detachStrings(value: unknown, visit?: (o: Record<string, unknown>) => void): void {
  const seen = new Set<object>();
  const walk = (v: unknown): void => {
    if (!v || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const x: unknown = v[i];
        if (typeof x === 'string') v[i] = detached(x);
        else walk(x);
      }
      return;
    }
    const o = v as Record<string, unknown>;
    visit?.(o);
    for (const key in o) {
      const x = o[key];
      if (typeof x === 'string') o[key] = detached(x);
      else walk(x);
    }
  };
  walk(value);
}

/**
 * Orders two strings by their UTF-16 code units, for stable sorting of names and
 * codes. Use it instead of `localeCompare`: that one loads ICU's collation data,
 * which maps about 3.7 MB of the node binary into the process for good.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
