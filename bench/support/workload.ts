/**
 * Where the LSP latency benchmark sends its requests: the helper calls of a file, the
 * positions inside their names and flags arguments, and the edits, chosen
 * deterministically from the file's text.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Position } from 'vscode-languageserver-protocol';
import { shuffled } from './stats.ts';

/** How many requests of each kind a session sends. */
export interface WorkloadCounts {
  hovers: number;
  completions: number;
  flagCompletions: number;
  edits: number;
}

// ---------------------------------------------------------------- the helper facts the positions need

export interface HelperFacts {
  names: Set<string>;
  /** helper name -> indexes of its parameters that take flag constants */
  flagParams: Map<string, number[]>;
}

export function loadHelperFacts(root: string): HelperFacts {
  const db = JSON.parse(readFileSync(join(root, 'helper-db', 'helpers.json'), 'utf8')) as {
    helpers: { name: string; params: { flags?: { constants: unknown[] } }[] }[];
  };
  const names = new Set<string>();
  const flagParams = new Map<string, number[]>();
  for (const h of db.helpers) {
    names.add(h.name);
    const idx = h.params.flatMap((p, i) => (p.flags && p.flags.constants.length ? [i] : []));
    if (idx.length) flagParams.set(h.name, idx);
  }
  return { names, flagParams };
}

// ---------------------------------------------------------------- positions in a file

class Positions {
  private readonly lineStarts: number[] = [0];
  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }
  get lineCount(): number {
    return this.lineStarts.length;
  }
  at(offset: number): Position {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - this.lineStarts[lo] };
  }
}

export interface HelperCall {
  name: string;
  start: number;
  /** Offset of the opening parenthesis. */
  open: number;
}

export function helperCalls(text: string, facts: HelperFacts): HelperCall[] {
  const out: HelperCall[] = [];
  for (const m of text.matchAll(/\b(bpf_\w+)(\s*)\(/g)) {
    if (!facts.names.has(m[1])) continue;
    const lineStart = text.lastIndexOf('\n', m.index) + 1;
    if (/^\s*(\/\/|\*|\/\*|#)/.test(text.slice(lineStart, m.index))) continue; // comments, preprocessor
    out.push({ name: m[1], start: m.index, open: m.index + m[1].length + m[2].length });
  }
  return out;
}

/** Start offsets of each argument of the call whose `(` is at `open` (nested parentheses skipped). */
export function argumentStarts(text: string, open: number): { start: number; end: number }[] {
  const args: { start: number; end: number }[] = [];
  let depth = 0;
  let start = open + 1;
  for (let i = open + 1; i < text.length && i < open + 2000; i++) {
    const c = text[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if ((c === ')' || c === ']' || c === '}') && depth > 0) depth--;
    else if (c === ')' || (c === ',' && depth === 0)) {
      let s = start;
      while (/\s/.test(text[s])) s++;
      args.push({ start: s, end: i });
      if (c === ')') return args;
      start = i + 1;
    }
  }
  return args;
}

export interface Workload {
  hover: Position[];
  completion: Position[];
  flags: Position[];
  /** Lines where a space is inserted at column 0 and then deleted again. */
  editLines: number[];
}

export function workload(text: string, facts: HelperFacts, o: WorkloadCounts): Workload {
  const pos = new Positions(text);
  const calls = helperCalls(text, facts);
  if (calls.length === 0) throw new Error('the file has no helper calls to measure hover/completion on');
  // hover: every character of every helper name, shuffled, cycled to the count wanted
  const hoverOffsets = shuffled(
    calls.flatMap((c) => Array.from({ length: c.name.length }, (_, k) => c.start + k)),
    1,
  );
  const hover = Array.from({ length: o.hovers }, (_, i) => pos.at(hoverOffsets[i % hoverOffsets.length]));
  // completion right after `bpf_` of a helper call
  const callOrder = shuffled(calls, 2);
  const completion = Array.from({ length: o.completions }, (_, i) => pos.at(callOrder[i % callOrder.length].start + 4));
  // completion inside a flags argument: at its start and after 1..4 typed characters
  const flagOffsets: number[] = [];
  for (const c of calls) {
    const idx = facts.flagParams.get(c.name);
    if (!idx) continue;
    const args = argumentStarts(text, c.open);
    for (const i of idx) {
      const a = args[i];
      if (!a) continue;
      const word = /^[A-Za-z_0-9]*/.exec(text.slice(a.start, a.end))![0];
      const typed = /^[A-Za-z_]/.test(word) ? Math.min(4, word.length) : 0;
      for (let k = 0; k <= typed; k++) flagOffsets.push(a.start + k);
    }
  }
  const flagOrder = shuffled(flagOffsets, 3);
  const flags = flagOrder.length ? Array.from({ length: o.flagCompletions }, (_, i) => pos.at(flagOrder[i % flagOrder.length])) : [];
  // edits: spread over the file (golden-ratio steps), one line per insert/delete pair
  const pairs = Math.ceil(o.edits / 2);
  const editLines = Array.from({ length: pairs }, (_, i) => Math.floor(((i * 0.6180339887) % 1) * (pos.lineCount - 1)));
  return { hover, completion, flags, editLines };
}
