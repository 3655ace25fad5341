/**
 * Reading and validating the hand-written helper doc files (helper-db/docs/*.yaml).
 * Used by the generator and by `check-docs.ts`.
 */
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Text } from '../../server/src/helpers/schema.ts';

export const HELPER_DB_DIR = join(import.meta.dirname, '..');
export const DOCS_DIR = join(HELPER_DB_DIR, 'docs');

export interface DocFile {
  name: string;
  summary: Text;
  description: Text;
  params: Record<string, Text>;
  flags?: Record<string, Text>;
  returns: Text;
  pitfalls: Text[];
  seedNote?: Text;
  seedPoints?: SeedPoint[];
}

export interface SeedPoint {
  point: string;
  en: string;
  zh: string;
}

export interface ReferenceHelper {
  id: number;
  name: string;
  returnType: string;
  params: { name: string; type: string }[];
  sinceKernel: string;
  gplOnly: boolean;
  changesPktData: boolean;
  flags: Record<string, { name: string; value: number | string }[]>;
  programTypesDocs: string[] | null;
}

export function readReferenceHelpers(): ReferenceHelper[] {
  return JSON.parse(readFileSync(join(HELPER_DB_DIR, 'sources', 'helpers.json'), 'utf8'));
}

const CJK = /[\u4e00-\u9fff]/;

function checkText(where: string, t: unknown, errors: string[], oneLine = false): void {
  if (!t || typeof t !== 'object') {
    errors.push(`${where}: missing (needs en and zh)`);
    return;
  }
  const { en, zh } = t as Record<string, unknown>;
  if (typeof en !== 'string' || en.trim() === '') errors.push(`${where}.en: missing or empty`);
  else if (CJK.test(en)) errors.push(`${where}.en: contains Chinese characters`);
  if (typeof zh !== 'string' || zh.trim() === '') errors.push(`${where}.zh: missing or empty`);
  else if (!CJK.test(zh)) errors.push(`${where}.zh: has no Chinese characters`);
  if (oneLine) {
    for (const k of ['en', 'zh'] as const) {
      const v = (t as Record<string, unknown>)[k];
      if (typeof v === 'string' && v.trim().includes('\n')) errors.push(`${where}.${k}: must be one line`);
    }
  }
}

/** Reads and validates one doc file. Returns the parsed file (or null) and the problems found. */
export function loadDocFile(
  ref: ReferenceHelper,
  knownFlagNames: Set<string>,
): { doc: DocFile | null; errors: string[] } {
  const path = join(DOCS_DIR, `${ref.name}.yaml`);
  const errors: string[] = [];
  if (!existsSync(path)) return { doc: null, errors: [`${ref.name}: no doc file ${path}`] };
  let raw: unknown;
  try {
    raw = parse(readFileSync(path, 'utf8'));
  } catch (e) {
    return { doc: null, errors: [`${ref.name}: YAML error: ${(e as Error).message}`] };
  }
  const d = raw as Record<string, unknown>;
  const w = ref.name;
  if (d.name !== ref.name) errors.push(`${w}: name field must be ${ref.name}`);
  checkText(`${w}.summary`, d.summary, errors, true);
  checkText(`${w}.description`, d.description, errors);
  checkText(`${w}.returns`, d.returns, errors);
  const params = (d.params ?? {}) as Record<string, unknown>;
  const expected = ref.params.filter((p) => p.name !== '...').map((p) => p.name);
  for (const p of expected) checkText(`${w}.params.${p}`, params[p], errors);
  for (const p of Object.keys(params)) {
    if (!expected.includes(p)) errors.push(`${w}.params.${p}: no such parameter (has: ${expected.join(', ') || 'none'})`);
  }
  if (d.flags !== undefined) {
    for (const [k, v] of Object.entries(d.flags as Record<string, unknown>)) {
      if (!knownFlagNames.has(k)) errors.push(`${w}.flags.${k}: unknown constant`);
      checkText(`${w}.flags.${k}`, v, errors);
    }
  }
  if (!Array.isArray(d.pitfalls)) errors.push(`${w}.pitfalls: must be a list (may be empty)`);
  else d.pitfalls.forEach((p, i) => checkText(`${w}.pitfalls[${i}]`, p, errors));
  if (d.seedNote !== undefined) checkText(`${w}.seedNote`, d.seedNote, errors);
  if (d.seedPoints !== undefined) {
    if (!Array.isArray(d.seedPoints)) errors.push(`${w}.seedPoints: must be a list`);
    else
      d.seedPoints.forEach((p: Record<string, unknown>, i: number) => {
        for (const k of ['point', 'en', 'zh']) {
          if (typeof p?.[k] !== 'string' || !(p[k] as string).trim()) errors.push(`${w}.seedPoints[${i}].${k}: missing`);
        }
        for (const k of ['en', 'zh']) {
          try {
            new RegExp(String(p?.[k]), 'i');
          } catch {
            errors.push(`${w}.seedPoints[${i}].${k}: not a valid regular expression`);
          }
        }
      });
  }
  const allowed = new Set(['name', 'summary', 'description', 'params', 'flags', 'returns', 'pitfalls', 'seedNote', 'seedPoints']);
  for (const k of Object.keys(d)) if (!allowed.has(k)) errors.push(`${w}: unknown field ${k}`);
  return { doc: errors.length ? null : (d as unknown as DocFile), errors };
}

/** Names of the helpers that the user's seed notes cover (their `## bpf_...` headings). */
export function readSeedHelperNames(): string[] {
  const seed = readFileSync(join(HELPER_DB_DIR, 'sources', 'seed-bpf-helpers-zh.md'), 'utf8');
  return [...seed.matchAll(/^## (bpf_\w+)/gm)].map((m) => m[1]);
}

/** All prose of a doc file in one language, for seed-point matching. */
export function docText(doc: DocFile, lang: 'en' | 'zh'): string {
  const parts: string[] = [doc.summary[lang], doc.description[lang], doc.returns[lang]];
  for (const t of Object.values(doc.params)) parts.push(t[lang]);
  for (const t of Object.values(doc.flags ?? {})) parts.push(t[lang]);
  for (const t of doc.pitfalls) parts.push(t[lang]);
  if (doc.seedNote) parts.push(doc.seedNote[lang]);
  return parts.join('\n');
}

/** Seed points of one helper that our docs do not cover. */
export function missingSeedPoints(doc: DocFile, points: SeedPoint[]): string[] {
  const missing: string[] = [];
  for (const p of points) {
    for (const lang of ['en', 'zh'] as const) {
      if (!new RegExp(p[lang], 'i').test(docText(doc, lang))) missing.push(`${p.point} (${lang}: /${p[lang]}/)`);
    }
  }
  return missing;
}
