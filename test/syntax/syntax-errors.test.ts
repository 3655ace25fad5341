import { basename, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SyntaxRuntime } from '../../server/src/syntax/parser.ts';
import { SyntaxDocument } from '../../server/src/syntax/syntax-document.ts';
import { collectSyntaxErrors } from '../../server/src/syntax/syntax-errors.ts';
import { FIXTURES, read, runtime, sourceFiles } from './helpers.ts';

let rt: SyntaxRuntime;
beforeAll(async () => {
  rt = await runtime();
});

function errorsOf(text: string): { at: string; message: string; text: string }[] {
  const doc = SyntaxDocument.parse(rt, text);
  try {
    return collectSyntaxErrors(doc.tree).map((e) => ({
      at: `${doc.lines.positionAt(e.start).line + 1}:${doc.lines.positionAt(e.start).character + 1}`,
      message: e.message,
      text: text.slice(e.start, e.end),
    }));
  } finally {
    doc.dispose();
  }
}

describe('broken files report errors where they are', () => {
  for (const file of sourceFiles(join(FIXTURES, 'broken'))) {
    it(basename(file), () => {
      const text = read(file);
      const want = [...text.matchAll(/\/\/ expect-error: (\d+:\d+) (.*)$/gm)].map((m) => ({ at: m[1], message: m[2].trim() }));
      expect(want.length).toBeGreaterThan(0);
      expect(errorsOf(text).map(({ at, message }) => ({ at, message }))).toEqual(want);
    });
  }
});

describe('syntax error details', () => {
  it('a missing token is a zero-width span where it belongs', () => {
    const [e] = errorsOf('int x = 1\nint y;\n');
    expect(e.message).toBe("expected ';'");
    expect(e.at).toBe('1:10');
    expect(e.text).toBe('');
  });

  it('an unexpected token spans that token, in the user text even next to rewritten macros', () => {
    const text = 'SEC("xdp") int f(void *ctx) { return 1 2; }';
    const [e] = errorsOf(text);
    // tree-sitter keeps `2` as the return value and skips `1`
    expect(e.message).toBe("unexpected token '1'");
    expect(e.text).toBe('1');
    expect(e.at).toBe('1:38');
  });

  it('positions count UTF-16 code units after non-ASCII text', () => {
    const text = 'char *s = "é😀"; int x = 1\n';
    const errs = errorsOf(text);
    expect(errs).toEqual([{ at: '1:27', message: "expected ';'", text: '' }]);
  });

  it('BPF idioms alone produce no errors', () => {
    expect(errorsOf(read(join(FIXTURES, 'maps.bpf.c')))).toEqual([]);
  });

  it('stops after the limit', () => {
    const doc = SyntaxDocument.parse(rt, 'int f(void) { @ @ @ }\n'.repeat(50));
    try {
      expect(collectSyntaxErrors(doc.tree, 5).length).toBe(5);
    } finally {
      doc.dispose();
    }
  });
});
