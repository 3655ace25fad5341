/**
 * Parse and re-parse cost on a generated ~5,000-line BPF file:
 *   - with the BPF macro rewrite (SyntaxDocument: rewrite + parse / applyEdits)
 *   - plain tree-sitter-c on the raw text (which has ERROR nodes)
 * Full parse and incremental re-parse after a one-character edit, median and p95 in ms.
 *
 * Run: npx tsx bench/syntax-reparse.ts [--lines 5000] [--runs 40]
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Edit, type Tree } from 'web-tree-sitter';
import { loadSyntaxRuntime } from '../server/src/syntax/parser.ts';
import { rewriteBpfMacros } from '../server/src/syntax/rewrite.ts';
import { SyntaxDocument } from '../server/src/syntax/syntax-document.ts';
import { LineIndex } from '../server/src/syntax/line-index.ts';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..');

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const targetLines = arg('lines', 5000);
const runs = arg('runs', 40);

/** Concatenates the examples and fixtures, renaming top-level names per copy, up to `lines` lines. */
function generate(lines: number): string {
  const dirs = [join(REPO, 'examples'), join(REPO, 'test', 'fixtures', 'syntax')];
  const sources = dirs.flatMap((d) =>
    readdirSync(d)
      .filter((f) => f.endsWith('.bpf.c'))
      .sort()
      .map((f) => readFileSync(join(d, f), 'utf8')),
  );
  const parts: string[] = [];
  let count = 0;
  for (let copy = 0; count < lines; copy++) {
    const src = sources[copy % sources.length].replace(/\b(xdp_|tc_|do_|handle_|p_)(\w+)/g, `$1$2_${copy}`);
    parts.push(`/* copy ${copy} */\n${src}`);
    count += src.split('\n').length + 1;
  }
  return parts.join('\n');
}

function stats(samples: number[]): { median: number; p95: number } {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => s[Math.min(s.length - 1, Math.floor(q * s.length))];
  return { median: at(0.5), p95: at(0.95) };
}

function time(fn: () => void): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

function countErrors(tree: Tree): number {
  let n = 0;
  const cursor = tree.walk();
  for (;;) {
    const node = cursor.currentNode;
    if (node.isError || node.isMissing) n++;
    if (node.hasError && cursor.gotoFirstChild()) continue;
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) {
        cursor.delete();
        return n;
      }
    }
  }
}

/** Offsets inside identifiers in the middle part of the file, so the edit stays local. */
function editPoints(text: string, n: number): number[] {
  const out: number[] = [];
  const re = /\b[a-z_][a-z0-9_]{3,}\b/g;
  const all = [...text.matchAll(re)].map((m) => (m.index ?? 0) + 2);
  for (let i = 0; i < n; i++) out.push(all[Math.floor(((i * 7919) % all.length) + 0)]);
  return out;
}

async function main(): Promise<void> {
  const rt = await loadSyntaxRuntime();
  const text = generate(targetLines);
  const lineCount = text.split('\n').length;
  const points = editPoints(text, runs);

  // warm up
  for (let i = 0; i < 3; i++) SyntaxDocument.parse(rt, text).dispose();

  const rewriteMs: number[] = [];
  for (let i = 0; i < runs; i++) rewriteMs.push(time(() => rewriteBpfMacros(text)));

  // full parse with the rewrite
  const fullRewrite: number[] = [];
  for (let i = 0; i < runs; i++) {
    let doc: SyntaxDocument | undefined;
    fullRewrite.push(time(() => (doc = SyntaxDocument.parse(rt, text))));
    doc?.dispose();
  }

  // full parse, plain tree-sitter-c on the raw text
  const fullPlain: number[] = [];
  for (let i = 0; i < runs; i++) {
    let tree: Tree | undefined;
    fullPlain.push(time(() => (tree = rt.parse(text))));
    tree?.delete();
  }

  // incremental: insert one character, then delete it again (both measured)
  const doc = SyntaxDocument.parse(rt, text);
  const incRewrite: number[] = [];
  for (const at of points) {
    incRewrite.push(time(() => doc.applyEdits([{ start: at, end: at, text: 'x' }])));
    incRewrite.push(time(() => doc.applyEdits([{ start: at, end: at + 1, text: '' }])));
  }
  const rewriteErrors = countErrors(doc.tree);
  doc.dispose();

  let plainTree = rt.parse(text);
  const plainErrors = countErrors(plainTree);
  const incPlain: number[] = [];
  let cur = text;
  for (const at of points) {
    for (const insert of [true, false]) {
      incPlain.push(
        time(() => {
          const lines = new LineIndex(cur);
          const p = lines.positionAt(at);
          const start = { row: p.line, column: p.character };
          const next = insert ? cur.slice(0, at) + 'x' + cur.slice(at) : cur.slice(0, at) + cur.slice(at + 1);
          const endOld = insert ? start : { row: p.line, column: p.character + 1 };
          const endNew = insert ? { row: p.line, column: p.character + 1 } : start;
          plainTree.edit(new Edit({ startIndex: at, oldEndIndex: insert ? at : at + 1, newEndIndex: insert ? at + 1 : at, startPosition: start, oldEndPosition: endOld, newEndPosition: endNew }));
          const t = rt.parse(next, plainTree);
          plainTree.delete();
          plainTree = t;
          cur = next;
        }),
      );
    }
  }
  plainTree.delete();

  const fmt = (s: { median: number; p95: number }): string => `median ${s.median.toFixed(2)} ms, p95 ${s.p95.toFixed(2)} ms`;
  const out = [
    `bpfls syntax re-parse benchmark: ${lineCount} lines, ${(text.length / 1024).toFixed(0)} KiB, ${runs} runs (${incRewrite.length} edits)`,
    `  rewrite only (full text)                 ${fmt(stats(rewriteMs))}`,
    `  full parse, with rewrite                 ${fmt(stats(fullRewrite))}   (ERROR/MISSING nodes: ${rewriteErrors})`,
    `  full parse, plain tree-sitter-c          ${fmt(stats(fullPlain))}   (ERROR/MISSING nodes: ${plainErrors})`,
    `  1-char edit re-parse, with rewrite       ${fmt(stats(incRewrite))}`,
    `  1-char edit re-parse, plain tree-sitter  ${fmt(stats(incPlain))}`,
  ];
  process.stdout.write(`${out.join('\n')}\n`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
