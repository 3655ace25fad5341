/**
 * Text changes as plain data, in the three shapes an editor sends: offsets,
 * line/character ranges (like an LSP incremental change) or the whole text.
 * Changes in one batch apply in order, each to the text left by the previous.
 */
import type { LineIndex, Position } from './line-index.ts';

export type TextChange =
  | { start: number; end: number; text: string }
  | { range: { start: Position; end: Position }; text: string }
  | { text: string };

/** A change resolved to offsets in the text it applies to. */
export interface ResolvedChange {
  start: number;
  end: number;
  text: string;
}

/**
 * Offsets of a change against `lines` (the current text). A whole-text change
 * is narrowed to the part that differs, so the parser can still reuse the tree.
 */
export function resolveChange(change: TextChange, lines: LineIndex): ResolvedChange {
  const len = lines.text.length;
  if ('start' in change) {
    const start = clamp(Math.min(change.start, change.end), len);
    return { start, end: clamp(Math.max(change.start, change.end), len), text: change.text };
  }
  if ('range' in change) {
    const a = lines.offsetAt(change.range.start);
    const b = lines.offsetAt(change.range.end);
    return { start: Math.min(a, b), end: Math.max(a, b), text: change.text };
  }
  return minimalReplacement(lines.text, change.text);
}

function clamp(n: number, len: number): number {
  return Number.isFinite(n) ? Math.max(0, Math.min(Math.trunc(n), len)) : len;
}

/** The smallest single replacement turning `oldText` into `newText` (common prefix/suffix). */
export function minimalReplacement(oldText: string, newText: string): ResolvedChange {
  const max = Math.min(oldText.length, newText.length);
  let p = 0;
  while (p < max && oldText.charCodeAt(p) === newText.charCodeAt(p)) p++;
  // never split a surrogate pair
  if (p > 0 && isHighSurrogate(oldText.charCodeAt(p - 1))) p--;
  let s = 0;
  while (s < max - p && oldText.charCodeAt(oldText.length - 1 - s) === newText.charCodeAt(newText.length - 1 - s)) s++;
  if (s > 0 && isLowSurrogate(oldText.charCodeAt(oldText.length - s))) s--;
  return { start: p, end: oldText.length - s, text: newText.slice(p, newText.length - s) };
}

function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

export function applyChange(text: string, change: ResolvedChange): string {
  return text.slice(0, change.start) + change.text + text.slice(change.end);
}
