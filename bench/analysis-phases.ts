/**
 * Where the time of one edit goes, in process, on the generated ~5,000-line file:
 * the same space insert/delete pairs the LSP latency benchmark sends, timed per
 * phase (syntax update, document model, each group of checks).
 * With --typing, the edits are keystrokes instead: a local variable typed one
 * character at a time, then deleted one at a time, in the body of a function
 * (every keystroke changes that function, so its checks and the programs reaching
 * it run again). Prints medians and p95 in ms.
 *
 * Run: npx tsx bench/analysis-phases.ts [--lines 5000] [--edits 60] [--typing] [--outliers]
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
/** Keystrokes typing `int bpfls_typed = 1;` on a new line after the first function body's `{` at or after `line`, then deleting it. */
function keystrokes(line: number): { start: number; end: number; newText: string }[] {
  const from = doc.syntax.lines.offsetAt({ line, character: 0 });
  const brace = doc.text.indexOf(')\n{\n', from) + 2; // a function body: `{` alone after the head
  if (brace < 2) return [];
  // Enter (with the editor's indent) at the end of the `{` line, then the characters
  const enter = { start: brace + 1, end: brace + 1, newText: '\n\t' };
  const at = brace + 3;
  const typed = 'int bpfls_typed = 1;';
  const out = [enter, ...[...typed].map((ch, i) => ({ start: at + i, end: at + i, newText: ch }))];
  for (let i = typed.length; i > 0; i--) out.push({ start: at + i - 1, end: at + i, newText: '' });
  out.push({ start: brace + 1, end: at, newText: '' });
  return out;
}

const typing = process.argv.includes('--typing');
for (const line of typing ? w.editLines.slice(0, Math.max(1, Math.ceil(w.editLines.length / 20))) : w.editLines) {
  const offset = doc.syntax.lines.offsetAt({ line, character: 0 });
  const edits = typing ? keystrokes(line) : [{ start: offset, end: offset, newText: ' ' }, { start: offset, end: offset + 1, newText: '' }];
  for (const edit of edits) {
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
    if (process.argv.includes('--outliers') && total > 50) {
      const at = doc.syntax.lines.positionAt(edit.start);
      const lineText = doc.text.slice(doc.syntax.lines.lineStart(at.line), doc.syntax.lines.lineEnd(at.line));
      console.log(`slow edit (${total.toFixed(0)} ms) at ${at.line + 1}:${at.character + 1}: ${JSON.stringify(lineText)}`);
    }
  }
}
for (const [k, v] of phases) console.log(`${k.padEnd(16)} ${stats(v)}`);
