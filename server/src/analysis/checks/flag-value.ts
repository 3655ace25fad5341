/**
 * Reads a flags argument as written: the named constants OR-ed together and the
 * value they make, when every part is known (numbers, helper-db constants, or
 * this file's object-like macros). Anything else (variables, calls such as
 * BPF_F_ADJ_ROOM_ENCAP_L2(14)) makes the value unknown.
 */
import { helperIndex } from '../../helpers/database.ts';
import { evaluateConstant, parseNumber } from '../const-eval.ts';
import type { DocumentModel } from '../document-model-types.ts';
import { objectMacros } from '../call-graph.ts';

export interface FlagTerm {
  text: string;
  /** Offset of the term in the document. */
  start: number;
  end: number;
  /** The constant's name when the term is one identifier. */
  name?: string;
  value?: bigint;
}

export interface FlagValue {
  terms: FlagTerm[];
  /** Undefined when some term's value is unknown. */
  value?: bigint;
}

function stripParens(s: string): string {
  let t = s.trim();
  while (t.startsWith('(') && t.endsWith(')') && balanced(t.slice(1, -1))) t = t.slice(1, -1).trim();
  return t;
}

function balanced(s: string): boolean {
  let d = 0;
  for (const ch of s) {
    if (ch === '(') d++;
    if (ch === ')' && --d < 0) return false;
  }
  return d === 0;
}

function splitOr(text: string, base: number): { text: string; start: number }[] {
  const parts: { text: string; start: number }[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === '|' && depth === 0 && text[i + 1] !== '|' && text[i - 1] !== '|') {
      parts.push({ text: text.slice(from, i), start: base + from });
      from = i + 1;
    }
  }
  parts.push({ text: text.slice(from), start: base + from });
  return parts;
}

export function readFlagValue(
  text: string,
  start: number,
  model: DocumentModel,
  evaluate: (expr: string) => number | undefined = () => undefined,
): FlagValue {
  const db = helperIndex();
  const macros = objectMacros(model);
  const inner = stripParens(text);
  const offset = start + text.indexOf(inner);
  const terms: FlagTerm[] = [];
  let value: bigint | undefined = 0n;
  for (const part of splitOr(inner, offset)) {
    const t = stripParens(part.text);
    const tStart = part.start + part.text.indexOf(t);
    const term: FlagTerm = { text: t, start: tStart, end: tStart + t.length };
    if (/^[A-Za-z_]\w*$/.test(t)) {
      term.name = t;
      const c = db.constant(t);
      if (c && !macros.has(t)) term.value = BigInt(c.value);
      else if (macros.has(t)) {
        const v = evaluateConstant(macros.get(t)!, (n) => macros.get(n));
        if (v !== undefined) term.value = BigInt(v);
      }
    } else {
      const n = parseNumber(t) ?? evaluate(t);
      if (n !== undefined && Number.isInteger(n) && n >= 0) term.value = BigInt(n);
    }
    terms.push(term);
    value = term.value === undefined || value === undefined ? undefined : value | term.value;
  }
  return { terms, value };
}
