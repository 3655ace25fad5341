import { describe, expect, it } from 'vitest';
import { buildDocumentModel } from '../../server/src/analysis/document-model.ts';
import { rewriteBpfMacros } from '../../server/src/syntax/rewrite.ts';
import { SyntaxDocument } from '../../server/src/syntax/syntax-document.ts';
import type { TextChange } from '../../server/src/syntax/text-change.ts';
import { FIXTURES, dumpTree, read, syntaxRuntimeWithoutErrors } from './helpers.ts';
import { rng } from '../support/random.ts';

const runtimeOf = syntaxRuntimeWithoutErrors();

const SNIPPETS = ['x', ' ', '\n', ';', '{', '}', '(', ')', '"', '/*', '*/', '//', 'é', '😀', 'SEC("xdp") ', '__uint(type, 1);', 'BPF_KPROBE(', 'bpf_for(i, 0, 3) ', 'int y = 0;', '__always_inline '];

/** Edits that make and break macros: half-typed calls, multi-line heads, directives, comments and strings, CRLF. */
const MACRO_SNIPPETS = [
  'SEC("', 'SEC(', ')', '"', "'", '/*', '*/', '//', '\r\n', '\\\n', '.', '->', '__uint(', '__uint(max_entries, 4);', '__type(key, __u32);',
  'int BPF_KPROBE(f,\n\tint a,\n\tlong b)', 'BPF_PROG(g, struct task_struct *t', '#define M(x) SEC(x) \\\n  __uint(a, 1)\n', '#if 0\n',
  '\n#endif\n', 'bpf_core_type_exists(struct s)', '_Pragma("unroll")', 'typeof(*p) ', '__ksym ', '{', '}',
];

/** Tree, rewrite, records and model of an incrementally edited document equal those of a fresh parse. */
function sameAsFresh(doc: SyntaxDocument): void {
  const fresh = SyntaxDocument.parse(runtimeOf(), doc.text);
  try {
    const rewrite = rewriteBpfMacros(doc.text);
    expect(doc.rewrittenText).toBe(rewrite.text);
    expect(doc.records).toEqual(rewrite.records);
    expect(fresh.rewrittenText).toBe(rewrite.text);
    expect(dumpTree(doc.tree)).toBe(dumpTree(fresh.tree));
    expect(buildDocumentModel(doc)).toEqual(buildDocumentModel(fresh));
  } finally {
    fresh.dispose();
  }
}

describe('incremental edits give the same tree and model as a fresh parse', () => {
  it('random edits on a fixture, compared after every edit', () => {
    const original = read(`${FIXTURES}/tracing.bpf.c`);
    const doc = SyntaxDocument.parse(runtimeOf(), original);
    const rand = rng(7);
    try {
      for (let step = 0; step < 150; step++) {
        const len = doc.text.length;
        const start = rand(len + 1);
        const end = Math.min(len, start + (rand(3) === 0 ? rand(40) : 0));
        const text = rand(4) === 0 ? '' : SNIPPETS[rand(SNIPPETS.length)];
        doc.applyEdits([{ start, end, text }]);
        expect(doc.text.length).toBe(len - (end - start) + text.length);
        sameAsFresh(doc);
      }
      // restore the original text in one whole-text change: back to zero errors
      doc.applyEdits([{ text: original }]);
      sameAsFresh(doc);
      expect(doc.tree.rootNode.hasError).toBe(false);
    } finally {
      doc.dispose();
    }
  });

  it('random macro-making edits on a CRLF file, one or three changes per batch', () => {
    const original = read(`${FIXTURES}/loops.bpf.c`).replace(/\n/g, '\r\n');
    const doc = SyntaxDocument.parse(runtimeOf(), original);
    const rand = rng(23);
    try {
      for (let step = 0; step < 80; step++) {
        const batch: TextChange[] = [];
        for (let k = rand(3) === 0 ? 3 : 1; k > 0; k--) {
          const len = doc.text.length + batch.reduce((n, c) => n + c.text.length, 0);
          const start = Math.max(0, rand(len + 1) - 40);
          const end = Math.min(doc.text.length, start + (rand(3) === 0 ? rand(20) : 0));
          batch.push({ start, end, text: rand(5) === 0 ? '' : MACRO_SNIPPETS[rand(MACRO_SNIPPETS.length)] });
        }
        doc.applyEdits(batch);
        sameAsFresh(doc);
      }
    } finally {
      doc.dispose();
    }
  });

  it('several changes in one batch, as line/character ranges', () => {
    const doc = SyntaxDocument.parse(runtimeOf(), read(`${FIXTURES}/maps.bpf.c`));
    try {
      const changes: TextChange[] = [
        { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '/* header */\n' },
        { range: { start: { line: 30, character: 1 }, end: { line: 30, character: 7 } }, text: '__uint' },
        { range: { start: { line: 5, character: 0 }, end: { line: 6, character: 0 } }, text: '' },
      ];
      doc.applyEdits(changes);
      expect(doc.version).toBe(1);
      sameAsFresh(doc);
    } finally {
      doc.dispose();
    }
  });

  it('typing a macro character by character turns its ERROR nodes into a clean tree', () => {
    const base = 'struct {\n\t\n} m;\n';
    const doc = SyntaxDocument.parse(runtimeOf(), base);
    try {
      const typed = '__uint(type, BPF_MAP_TYPE_HASH);';
      for (let i = 0; i < typed.length; i++) {
        doc.applyEdits([{ start: 10 + i, end: 10 + i, text: typed[i] }]);
        sameAsFresh(doc);
      }
      expect(doc.tree.rootNode.hasError).toBe(false);
      expect(doc.records.map((r) => r.kind)).toEqual(['map-field']);
      // opening a comment before it turns the rewrite off again
      doc.applyEdits([{ start: 0, end: 0, text: '/*' }]);
      sameAsFresh(doc);
      expect(doc.records).toEqual([]);
    } finally {
      doc.dispose();
    }
  });

  it('ignores empty changes and clamps out-of-range offsets', () => {
    const doc = SyntaxDocument.parse(runtimeOf(), 'int x;');
    try {
      doc.applyEdits([]);
      doc.applyEdits([{ start: 2, end: 2, text: '' }]);
      expect(doc.version).toBe(1);
      doc.applyEdits([{ start: 100, end: 200, text: ' int y;' }]);
      expect(doc.text).toBe('int x; int y;');
      sameAsFresh(doc);
    } finally {
      doc.dispose();
    }
  });
});
