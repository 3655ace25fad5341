/**
 * Dataflow results per analysis root (a program, or a global function), reused
 * across edits. A root's findings depend only on the text of the functions it
 * reaches and on the file's declarations outside function bodies, so that text
 * (plus the locale) is the cache key. Offsets are stored relative to the start of
 * the function they fall in and rebased on reuse; a result with an offset outside
 * every function is not cached. Typing inside one function re-analyses only the
 * roots that reach it.
 */
import type { Locale } from '../../helpers/schema.ts';
import type { AnalysisDiagnostic } from '../diagnostic.ts';
import type { DocumentAnalysis } from '../document-analysis.ts';
import type { DocumentModel, FunctionInfo } from '../document-model-types.ts';
import { reachableFrom } from '../call-graph.ts';

interface Anchored {
  fn: string;
  rel: number;
}

interface CachedRoot {
  /** Diagnostics with every offset replaced by a function-relative anchor (JSON-safe clone). */
  diagnostics: unknown[];
}

const MAX_DOCS = 32;
const caches = new Map<string, Map<string, CachedRoot>>();

function docCache(uri: string): Map<string, CachedRoot> {
  let c = caches.get(uri);
  if (c) {
    caches.delete(uri);
    caches.set(uri, c);
    return c;
  }
  c = new Map();
  caches.set(uri, c);
  if (caches.size > MAX_DOCS) caches.delete(caches.keys().next().value!);
  return c;
}

/** The file's text with every function body replaced by `{}`: what all roots share. */
function skeleton(text: string, model: DocumentModel): string {
  const bodies = model.functions.filter((f) => f.isDefinition && f.bodySpan).map((f) => f.bodySpan!).sort((a, b) => a.start - b.start);
  let out = '';
  let at = 0;
  for (const b of bodies) {
    if (b.start < at) continue;
    out += text.slice(at, b.start) + '{}';
    at = b.end;
  }
  return out + text.slice(at);
}

function functionSpans(model: DocumentModel): Map<string, FunctionInfo> {
  const m = new Map<string, FunctionInfo>();
  for (const f of model.functions) if (f.isDefinition && !m.has(f.name)) m.set(f.name, f);
  return m;
}

/** Replaces offsets (start/end numbers) by anchors; undefined when one falls outside every function. */
function anchor(value: unknown, fns: FunctionInfo[]): unknown {
  let ok = true;
  const at = (offset: number): Anchored | undefined => {
    const f = fns.find((x) => x.span.start <= offset && offset <= x.span.end);
    if (!f) ok = false;
    return f ? { fn: f.name, rel: offset - f.span.start } : undefined;
  };
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (!v || typeof v !== 'object') return v;
    const o = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(o)) out[k] = (k === 'start' || k === 'end') && typeof x === 'number' ? at(x) : walk(x);
    return out;
  };
  const r = walk(value);
  return ok ? r : undefined;
}

function rebase(value: unknown, spans: Map<string, FunctionInfo>): unknown {
  if (Array.isArray(value)) return value.map((v) => rebase(v, spans));
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(value as Record<string, unknown>)) {
    if ((k === 'start' || k === 'end') && x && typeof x === 'object' && 'fn' in x) {
      const a = x as Anchored;
      out[k] = spans.get(a.fn)!.span.start + a.rel;
    } else out[k] = rebase(x, spans);
  }
  return out;
}

/** A 53-bit string hash (cyrb53): keys stay small however large the file is. */
function hash(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36) + ':' + text.length.toString(36);
}

export function cachedDataflow(
  analysis: DocumentAnalysis,
  locale: Locale,
  run: (opts: { only: ReadonlySet<string>; perRoot: (root: string, ds: AnalysisDiagnostic[]) => void }) => AnalysisDiagnostic[],
): AnalysisDiagnostic[] {
  const model = analysis.model();
  const text = analysis.text;
  const spans = functionSpans(model);
  const shared = `${locale}\u0001${hash(skeleton(text, model))}`;
  const called = new Set(model.calls.map((c) => c.callee));
  const roots = [
    ...model.programs.map((p) => p.name),
    ...model.functions.filter((f) => f.isDefinition && !f.isStatic && !f.isInline && called.has(f.name)).map((f) => f.name),
  ];
  const cache = docCache(analysis.uri);
  const keys = new Map<string, string>();
  const out: AnalysisDiagnostic[] = [];
  const missing = new Set<string>();
  for (const root of new Set(roots)) {
    const reach = reachableFrom(model, root);
    const key = `${shared}\u0002${root}\u0002${hash(reach.map((f) => (spans.get(f) ? text.slice(spans.get(f)!.span.start, spans.get(f)!.span.end) : f)).join('\u0003'))}`;
    keys.set(root, key);
    const hit = cache.get(key);
    if (hit) out.push(...(rebase(hit.diagnostics, spans) as AnalysisDiagnostic[]));
    else missing.add(root);
  }
  if (missing.size) {
    const fns = [...spans.values()];
    out.push(
      ...run({
        only: missing,
        perRoot: (root, ds) => {
          const key = keys.get(root);
          const anchored = key ? anchor(ds, fns) : undefined;
          if (key && anchored) cache.set(key, { diagnostics: anchored as unknown[] });
        },
      }),
    );
  }
  // Entries of roots that no longer exist (or whose text changed) are dropped.
  const live = new Set(keys.values());
  for (const k of [...cache.keys()]) if (!live.has(k)) cache.delete(k);
  const seen = new Set<string>();
  return out
    .filter((d) => {
      const k = `${d.code}:${d.start}:${d.end}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .sort((a, b) => a.start - b.start || a.code.localeCompare(b.code));
}
