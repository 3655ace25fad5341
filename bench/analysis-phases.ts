/**
 * Where the time of one edit goes, in process, on the generated ~5,000-line file:
 * the same space insert/delete pairs the LSP latency benchmark sends, timed per
 * phase (syntax update, document model, statement index, each check).
 * Prints medians and p95 in ms.
 *
 * Run: npx tsx bench/analysis-phases.ts [--lines 5000] [--edits 60]
 */
import { loadSyntaxRuntime } from '../server/src/syntax/parser.ts';
import { DocumentAnalysis } from '../server/src/analysis/document-analysis.ts';
import { checkPhases } from '../server/src/analysis/check.ts';
import { generateLargeBpfFile } from './support/generate-large.ts';
import { loadHelperFacts, workload } from './support/workload.ts';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

function stats(samples: number[]): string {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return `p50 ${at(0.5).toFixed(2).padStart(7)}  p95 ${at(0.95).toFixed(2).padStart(7)}`;
}

await loadSyntaxRuntime();
const text = generateLargeBpfFile(arg('lines', 5000));
const w = workload(text, loadHelperFacts(REPO), { hovers: 1, completions: 1, flagCompletions: 0, edits: arg('edits', 60) });
const files = { read: () => undefined, exists: () => false };
const doc = new DocumentAnalysis('file:///bench/large.bpf.c', text, files as never);
const opts = { locale: 'en' as const };
checkPhases(doc, opts); // warm
const phases = new Map<string, number[]>();
const add = (k: string, v: number): void => {
  if (!phases.has(k)) phases.set(k, []);
  phases.get(k)!.push(v);
};
for (const line of w.editLines) {
  const offset = doc.syntax.lines.offsetAt({ line, character: 0 });
  for (const edit of [{ start: offset, end: offset, newText: ' ' }, { start: offset, end: offset + 1, newText: '' }]) {
    const t0 = performance.now();
    doc.applyEdits([edit]);
    const t1 = performance.now();
    add('syntax', t1 - t0);
    const times = checkPhases(doc, opts);
    let total = t1 - t0;
    for (const [k, v] of times) {
      add(k, v);
      total += v;
    }
    add('TOTAL', total);
    if (process.argv.includes('--outliers') && total > 50) console.log(`slow edit (${total.toFixed(0)} ms) at line ${line + 1}: ${JSON.stringify(doc.text.slice(offset, doc.text.indexOf('\n', offset)))}`);
  }
}
for (const [k, v] of phases) console.log(`${k.padEnd(16)} ${stats(v)}`);
