/**
 * The document model a DocumentModelBuilder builds across edits (reusing the
 * segments whose text did not change, moved to their new place) equals a model
 * built from scratch, after every edit: random edits on fixtures, edits that
 * change what other segments read (macro values, enum constants, struct bodies),
 * and the benchmark's large file.
 */
import { describe, expect, it } from 'vitest';
import { buildDocumentModel, DocumentModelBuilder } from '../../server/src/analysis/document-model.ts';
import { SyntaxDocument } from '../../server/src/syntax/syntax-document.ts';
import { generateLargeBpfFile } from '../../bench/support/generate-large.ts';
import { EXAMPLES, FIXTURES, read, sourceFiles, syntaxRuntimeWithoutErrors } from '../syntax/helpers.ts';
import { rng } from '../support/random.ts';

const runtimeOf = syntaxRuntimeWithoutErrors();

const SNIPPETS = ['x', ' ', '\n', ';', '{', '}', '(', ')', '"', '/*', '*/', '//', 'é', '\r\n', 'SEC("xdp") ', '__uint(max_entries, N);', 'struct s ', '#define N 4\n', 'enum { N = 9 };\n', 'int y = 0;', ' m SEC(".maps");'];

/** Applies `steps` random edits; after each, the builder's model must equal a fresh build. */
function randomEdits(text: string, seed: number, steps: number, compareEvery = 1): void {
  const doc = SyntaxDocument.parse(runtimeOf(), text);
  const builder = new DocumentModelBuilder();
  const rand = rng(seed);
  try {
    expect(builder.build(doc)).toEqual(buildDocumentModel(doc));
    for (let step = 0; step < steps; step++) {
      const len = doc.text.length;
      const start = rand(len + 1);
      const end = Math.min(len, start + (rand(3) === 0 ? rand(30) : 0));
      const insert = rand(4) === 0 ? '' : SNIPPETS[rand(SNIPPETS.length)];
      doc.applyEdits([{ start, end, text: insert }]);
      const incremental = builder.build(doc);
      if (step % compareEvery === 0) expect(incremental, `after edit ${step}: [${start},${end}) -> ${JSON.stringify(insert)}`).toEqual(buildDocumentModel(doc));
    }
  } finally {
    doc.dispose();
  }
}

describe('the incremental document model equals a fresh one', () => {
  const files = [...sourceFiles(FIXTURES), ...sourceFiles(EXAMPLES)];
  it.each(files.slice(0, 12).map((f, i) => [f.slice(f.lastIndexOf('/') + 1), f, i] as const))('random edits on %s', (_name, file, i) => {
    randomEdits(read(file), 11 + i, 40);
  });

  it('macro and enum values that size maps in other segments', () => {
    const text = [
      '#define N 16',
      'enum { M = N * 2 };',
      'struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, M); __type(key, int); __type(value, int); } a SEC(".maps");',
      'struct tmpl { __uint(type, BPF_MAP_TYPE_HASH); __uint(max_entries, N); };',
      'struct tmpl b SEC(".maps");',
      'SEC("xdp") int p(struct xdp_md *ctx) { return 2; }',
      'char LICENSE[] SEC("license") = "GPL";',
      '',
    ].join('\n');
    const doc = SyntaxDocument.parse(runtimeOf(), text);
    const builder = new DocumentModelBuilder();
    try {
      builder.build(doc);
      const edit = (from: string, to: string): void => {
        const at = doc.text.indexOf(from);
        expect(at).toBeGreaterThanOrEqual(0);
        doc.applyEdits([{ start: at, end: at + from.length, text: to }]);
        expect(builder.build(doc)).toEqual(buildDocumentModel(doc));
      };
      edit('#define N 16', '#define N 32'); // a's size through the enum, b's through the struct
      expect(builder.build(doc).maps.find((m) => m.name === 'a')?.maxEntries?.value).toBe(64);
      edit('enum { M = N * 2 };', 'enum { M = N * 3 };');
      expect(builder.build(doc).maps.find((m) => m.name === 'a')?.maxEntries?.value).toBe(96);
      edit('__uint(max_entries, N); };', '__uint(max_entries, 7); };'); // the struct b is declared with
      expect(builder.build(doc).maps.find((m) => m.name === 'b')?.maxEntries?.value).toBe(7);
      edit('#define N 32', '\n\n#define N 32'); // everything after moves down two lines
      edit('SEC("xdp")', 'SEC("tc")');
      expect(builder.build(doc).programs[0].programType).toBe('sched_cls');
    } finally {
      doc.dispose();
    }
  });

  it('space inserted and deleted on lines of the large benchmark file', () => {
    const doc = SyntaxDocument.parse(runtimeOf(), generateLargeBpfFile(1500));
    const builder = new DocumentModelBuilder();
    try {
      builder.build(doc);
      for (let i = 0; i < 12; i++) {
        const line = Math.floor(((i * 0.6180339887) % 1) * (doc.lines.lineCount - 1));
        const at = doc.lines.lineStart(line);
        doc.applyEdits([{ start: at, end: at, text: ' ' }]);
        expect(builder.build(doc)).toEqual(buildDocumentModel(doc));
        doc.applyEdits([{ start: at, end: at + 1, text: '' }]);
        expect(builder.build(doc)).toEqual(buildDocumentModel(doc));
      }
    } finally {
      doc.dispose();
    }
  });
});
