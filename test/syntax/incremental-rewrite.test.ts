/**
 * The windowed rewrite (incremental-rewrite.ts) against a fresh rewrite of
 * the whole new text, after every edit: rewritten text, records, and the
 * promise that nothing outside the reported window changed. No tree-sitter
 * here, so many more edits than in incremental.test.ts.
 */
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IncrementalRewrite, type RewriteWindow } from '../../server/src/syntax/incremental-rewrite.ts';
import { LineIndex } from '../../server/src/syntax/line-index.ts';
import { shiftRecord } from '../../server/src/syntax/macro-records.ts';
import { rewriteBpfMacros } from '../../server/src/syntax/rewrite.ts';
import { applyChange, type ResolvedChange } from '../../server/src/syntax/text-change.ts';
import { EXAMPLES, FIXTURES, read, sourceFiles } from './helpers.ts';
import { rng } from '../support/random.ts';

/** Text that makes or breaks macros, comments, strings and directives. */
const SNIPPETS = [
  'x', ' ', '\n', '\r\n', ';', ',', '{', '}', '(', ')', '[', ']', '"', "'", '\\', '\\\n', '/*', '*/', '//', '#', '.', '->', 'é', '😀',
  'SEC(', 'SEC("', 'SEC("xdp")', '__uint(', '__uint(type, 1);', '__type(key, struct k);', '__array(values, struct { __uint(a, 2); });',
  'int BPF_KPROBE(', 'BPF_KPROBE(f,\n\tint a,\n\tlong b)', 'BPF_PROG2(g, int, a)', 'bpf_for(i, 0, 3) ', 'bpf_core_type_exists(struct é)',
  '__attribute__((section("s")))', '__always_inline ', '__ksym', '_Pragma("unroll")', 'typeof(*p)', '__builtin_offsetof(struct s, f)',
  'container_of(p, struct t, m)', '#define M(x) SEC(x)\n', '#if 0\n', '#endif\n', '\n#', 'int y = 0;',
];

/** One edit, checked against a fresh rewrite; returns the window. */
function step(inc: IncrementalRewrite, c: ResolvedChange): RewriteWindow {
  const shadow = applyChange(inc.rewritten, c);
  const w = inc.apply(c);
  const fresh = rewriteBpfMacros(inc.text);
  const where = JSON.stringify({ ...c, around: inc.text.slice(Math.max(0, c.start - 40), c.start + c.text.length + 40) });
  expect(inc.rewritten, where).toBe(fresh.text);
  expect(inc.records, where).toEqual(fresh.records);
  // outside the window only offsets moved: the new rewrite equals the old one with the change typed in
  expect(w.start).toBeLessThanOrEqual(c.start);
  expect(w.end).toBeGreaterThanOrEqual(c.start + c.text.length);
  expect(inc.rewritten.slice(0, w.start) + inc.rewritten.slice(w.end), where).toBe(shadow.slice(0, w.start) + shadow.slice(w.end));
  expect(shadow.slice(w.start, w.end)).toBe(w.before);
  expect(inc.rewritten.slice(w.start, w.end)).toBe(w.after);
  return w;
}

function randomEdits(original: string, seed: number, steps: number): void {
  const inc = new IncrementalRewrite(original);
  const rand = rng(seed);
  for (let k = 0; k < steps; k++) {
    const len = inc.text.length;
    const start = rand(len + 1);
    const end = Math.min(len, start + (rand(3) === 0 ? rand(30) : 0));
    const text = rand(4) === 0 ? '' : SNIPPETS[rand(SNIPPETS.length)];
    step(inc, { start, end, text });
  }
  expect(inc.failures).toBe(0);
}

describe('the windowed rewrite equals a fresh rewrite', () => {
  for (const file of [...sourceFiles(FIXTURES), ...sourceFiles(EXAMPLES)]) {
    it(`random edits on ${basename(file)}`, () => randomEdits(read(file), basename(file).length * 31, 150));
  }

  it('random edits on a CRLF file', () => randomEdits(read(`${FIXTURES}/tracing.bpf.c`).replace(/\n/g, '\r\n'), 99, 300));

  it('random edits on a small text that starts empty', () => randomEdits('', 5, 400));

  it('typing SEC("xdp") character by character, then deleting it', () => {
    const base = 'int a;\n\nint prog(void *ctx) { return 0; }\nint b;\n';
    const inc = new IncrementalRewrite(base);
    const typed = 'SEC("xdp")\n';
    for (let i = 0; i < typed.length; i++) step(inc, { start: 7 + i, end: 7 + i, text: typed[i] });
    expect(inc.records.map((r) => r.kind)).toEqual(['section']);
    for (let i = typed.length; i > 0; i--) step(inc, { start: 6 + i, end: 7 + i, text: '' });
    expect(inc.text).toBe(base);
    expect(inc.failures).toBe(0);
  });

  it('deleting and restoring the ) of __uint( and of a multi-line BPF_KPROBE head', () => {
    const src = [
      'struct {',
      '\t__uint(type, BPF_MAP_TYPE_HASH);',
      '\t__uint(max_entries, 16);',
      '} m SEC(".maps");',
      '',
      'SEC("kprobe/do_unlinkat")',
      'int BPF_KPROBE(do_unlinkat,',
      '\t       int dfd,',
      '\t       struct filename *name)',
      '{',
      '\treturn 0;',
      '}',
      '',
    ].join('\n');
    for (const needle of ['HASH)', '16)', 'name)']) {
      const inc = new IncrementalRewrite(src);
      const at = src.indexOf(needle) + needle.length - 1;
      step(inc, { start: at, end: at + 1, text: '' });
      step(inc, { start: at, end: at, text: ')' });
      expect(inc.records).toEqual(rewriteBpfMacros(src).records);
      // open and close a comment and a string across the head
      step(inc, { start: at, end: at, text: '/*' });
      step(inc, { start: 0, end: 0, text: '"' });
      step(inc, { start: src.length + 1, end: src.length + 1, text: '*/' });
    }
  });

  it('an unclosed SEC( makes edits far after it redo the rest of the text, and stay correct', () => {
    // no directives: the search for its ) stops at the first one
    const body = read(`${FIXTURES}/maps.bpf.c`).replace(/^#.*$/gm, '');
    const inc = new IncrementalRewrite(`SEC(\n${body}`);
    const at = inc.text.length - 3;
    const w = step(inc, { start: at, end: at, text: ')' });
    expect(w.start).toBe(0);
    step(inc, { start: at, end: at + 1, text: '' });
    step(inc, { start: 4, end: 4, text: '"xdp")' });
    expect(inc.failures).toBe(0);
  });

  it('a member access appearing or vanishing right before a macro name', () => {
    for (const src of ['int f(void) { x.SEC("a"); y->__uint(a, 1); }', 'int f(void) { x SEC("a"); y- __uint(a, 1); }']) {
      for (const [from, to] of [['.', ''], ['->', '-'], ['-', '->'], [' SEC', '.SEC'], [' __uint', '->__uint'], ['x', 'x.']]) {
        const at = src.indexOf(from);
        if (at < 0) continue;
        const inc = new IncrementalRewrite(src);
        step(inc, { start: at, end: at + from.length, text: to });
        step(inc, { start: at, end: at + to.length, text: from });
        expect(inc.failures).toBe(0);
      }
    }
  });

  it('an edit right after a directive restarts at the directive as a directive', () => {
    const src = '#define M(x) SEC(x)\\\n  __uint(a, 1)\nint a;\n#if X\nint b;\n';
    for (const needle of ['int a', 'int b', '\\\n']) {
      const inc = new IncrementalRewrite(src);
      const at = src.indexOf(needle) + 1;
      step(inc, { start: at, end: at, text: 'q' });
      step(inc, { start: at, end: at + 1, text: '' });
    }
  });

  it('#define lines with continuations and directives inside a macro call', () => {
    const src = '#define A(x) \\\n\tSEC(x)\nSEC("a") int f(void) { return 0; }\nint g(int a) { bpf_for(i, 0,\n#if 1\n 3) {} }\n';
    randomEdits(src, 3, 300);
  });

  it('a one-character edit in a large file touches a small window', () => {
    const big = [...sourceFiles(EXAMPLES), ...sourceFiles(FIXTURES)].map(read).join('\n').repeat(3);
    const inc = new IncrementalRewrite(big);
    const rand = rng(11);
    for (let k = 0; k < 50; k++) {
      // inside an identifier somewhere in the middle
      let at = Math.floor(big.length / 4) + rand(big.length / 2);
      while (!/[a-z]/.test(inc.text[at])) at++;
      const w = step(inc, { start: at, end: at, text: 'q' });
      expect(w.end - w.start).toBeLessThan(2000);
      step(inc, { start: at, end: at + 1, text: '' });
    }
    expect(inc.text).toBe(big);
  });
});

describe('shiftRecord moves every offset of every record kind', () => {
  const kinds = new Set<string>();
  for (const file of [...sourceFiles(FIXTURES), ...sourceFiles(EXAMPLES)]) {
    it(basename(file), () => {
      const src = read(file);
      const pad = '  \n ';
      const records = rewriteBpfMacros(src).records;
      for (const r of records) kinds.add(r.kind);
      expect(records.map((r) => shiftRecord(r, pad.length))).toEqual(rewriteBpfMacros(pad + src).records);
      expect(rewriteBpfMacros(pad + src).records.map((r) => shiftRecord(r, -pad.length))).toEqual(records);
    });
  }
  it('the files above contain every kind', () => {
    expect([...kinds].sort()).toEqual(['attribute', 'builtin', 'loop', 'map-field', 'pragma', 'program-head', 'section', 'type-argument', 'typeof']);
  });
});

describe('LineIndex.withChange', () => {
  it('equals an index built from the new text, for random edits with LF and CRLF', () => {
    const rand = rng(17);
    const pieces = ['a', 'bc', '\n', '\r\n', '\n\n', 'x\ny', '', '\r'];
    let text = 'one\ntwo\r\nthree\n';
    let lines = new LineIndex(text);
    for (let k = 0; k < 500; k++) {
      const start = rand(text.length + 1);
      const end = Math.min(text.length, start + rand(6));
      const inserted = pieces[rand(pieces.length)];
      text = text.slice(0, start) + inserted + text.slice(end);
      lines = lines.withChange(text, start, end, inserted);
      const fresh = new LineIndex(text);
      expect(lines.lineCount).toBe(fresh.lineCount);
      for (let l = 0; l < fresh.lineCount; l++) expect(lines.lineStart(l)).toBe(fresh.lineStart(l));
      expect(lines.positionAt(start)).toEqual(fresh.positionAt(start));
    }
  });
});
