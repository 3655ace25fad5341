/**
 * The packed token list the incremental rewrite keeps: splicing in place must give
 * exactly the tokens of the edited text, through growth, shrinking and moves.
 */
import { describe, expect, it } from 'vitest';
import { tokenize, tokenizeFrom } from '../../server/src/syntax/scanner.ts';
import { rng } from '../support/random.ts';

describe('Tokens', () => {
  it('reads back what the scanner saw, kind by kind', () => {
    const text = '#define N 4\nint x = N + 0x1f; /* c */ char *s = "a\\"b"; char c = \'q\';\n';
    const packed = tokenizeFrom(text, 0, true).tokens;
    expect(packed.toArray()).toEqual(tokenize(text));
    const kinds = packed.toArray().map((t) => t.kind);
    expect(kinds.slice(0, 8)).toEqual(['directive', 'ident', 'ident', 'punct', 'ident', 'punct', 'number', 'punct']);
    expect(kinds).toContain('string');
    expect(kinds).toContain('char');
    expect(packed.kind(-1)).toBeUndefined();
    expect(packed.kind(packed.length)).toBeUndefined();
  });

  it('splices replacement tokens in place and moves the rest', () => {
    const random = rng(7);
    let text = 'int a = b + c;\n'.repeat(40);
    const list = tokenizeFrom(text, 0, true).tokens;
    for (let round = 0; round < 300; round++) {
      // replace a random run of whole tokens by a random run of new source text
      const from = random(list.length + 1);
      const to = Math.min(list.length, from + random(6));
      const start = from < list.length ? list.start(from) : text.length;
      const end = to > from ? list.end(to - 1) : start;
      const inserted = ['x', ' yy + 1 ', '(z)', '', 'q;\nint r', '  '][random(6)];
      const piece = ` ${inserted} `;
      const next = text.slice(0, start) + piece + text.slice(end);
      const fresh = tokenizeFrom(piece, 0, false).tokens.toArray().map((t) => ({ ...t, start: t.start + start, end: t.end + start }));
      const items = tokenizeFrom(next.slice(0, start + piece.length), start, false).tokens;
      expect(items.toArray()).toEqual(fresh);
      list.splice(from, to, items, piece.length - (end - start));
      text = next;
      expect(list.toArray()).toEqual(tokenize(text));
    }
  });
});
