import { beforeAll, describe, expect, it } from 'vitest';
import { LineIndex, utf8Length } from '../../server/src/syntax/line-index.ts';
import type { SyntaxRuntime } from '../../server/src/syntax/parser.ts';
import { SyntaxDocument } from '../../server/src/syntax/syntax-document.ts';
import { minimalReplacement } from '../../server/src/syntax/text-change.ts';
import { FIXTURES, read, runtime } from './helpers.ts';

let rt: SyntaxRuntime;
beforeAll(async () => {
  rt = await runtime();
});

describe('SyntaxDocument', () => {
  it('recordsIn finds overlapping records, nested ones included', () => {
    const doc = SyntaxDocument.parse(rt, read(`${FIXTURES}/maps.bpf.c`));
    try {
      const recs = doc.records;
      const len = doc.text.length;
      for (let start = 0; start < len; start += 37) {
        for (const width of [0, 1, 15, 200]) {
          const end = Math.min(len, start + width);
          const brute = recs.filter((r) => r.range.start < end && r.range.end > start);
          expect(doc.recordsIn(start, end)).toEqual(brute);
        }
      }
    } finally {
      doc.dispose();
    }
  });

  it('refuses use after dispose', () => {
    const doc = SyntaxDocument.parse(rt, 'int x;');
    doc.dispose();
    doc.dispose();
    expect(() => doc.tree).toThrow(/dispose/);
    expect(() => doc.applyEdits([{ text: 'int y;' }])).toThrow(/dispose/);
  });

  it('parses anything without throwing', () => {
    for (const text of ['', '\0\0\0', '}}}}', 'SEC(', '__uint(', 'int BPF_KPROBE(', '"unterminated', '/* open', '#define X \\\n', '\uD800']) {
      const doc = SyntaxDocument.parse(rt, text);
      expect(doc.rewrittenText.length).toBe(text.length);
      doc.dispose();
    }
  });
});

describe('LineIndex', () => {
  const text = 'ab\r\nçd😀e\n\nlast';
  const lines = new LineIndex(text);

  it('maps offsets and positions both ways', () => {
    expect(lines.lineCount).toBe(4);
    expect(lines.positionAt(0)).toEqual({ line: 0, character: 0 });
    expect(lines.positionAt(4)).toEqual({ line: 1, character: 0 });
    expect(lines.positionAt(9)).toEqual({ line: 1, character: 5 });
    expect(lines.offsetAt({ line: 1, character: 5 })).toBe(9);
    expect(lines.offsetAt({ line: 9, character: 0 })).toBe(text.length);
    expect(lines.offsetAt({ line: 3, character: 99 })).toBe(text.length);
    expect(lines.lineEnd(0)).toBe(2);
    expect(lines.positionAt(999)).toEqual(lines.positionAt(text.length));
  });

  it('converts to and from UTF-8 bytes', () => {
    expect(utf8Length('ç😀')).toBe(6);
    expect(lines.utf8Offset(9)).toBe(utf8Length(text.slice(0, 9)));
    // "çd😀e": byte column 7 is just after the emoji (2 + 1 + 4)
    expect(lines.offsetAtUtf8Column(1, 7)).toBe(4 + 4);
  });

  it('minimal replacement keeps surrogate pairs whole', () => {
    expect(minimalReplacement('a😀b', 'a😁b')).toEqual({ start: 1, end: 3, text: '😁' });
    expect(minimalReplacement('same', 'same')).toEqual({ start: 4, end: 4, text: '' });
    expect(minimalReplacement('abc', 'abXc')).toEqual({ start: 2, end: 2, text: 'X' });
  });
});
