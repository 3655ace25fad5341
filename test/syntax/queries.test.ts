import { beforeAll, describe, expect, it } from 'vitest';
import { QUERY_NAMES, type SyntaxRuntime } from '../../server/src/syntax/parser.ts';
import { SyntaxDocument } from '../../server/src/syntax/syntax-document.ts';
import { FIXTURES, read, runtime } from './helpers.ts';

let rt: SyntaxRuntime;
let doc: SyntaxDocument;
let other: SyntaxDocument;
beforeAll(async () => {
  rt = await runtime();
  doc = SyntaxDocument.parse(rt, read(`${FIXTURES}/tracing.bpf.c`));
  other = SyntaxDocument.parse(rt, read(`${FIXTURES}/attributes.bpf.c`));
});

describe('queries from grammars/queries/*.scm', () => {
  for (const name of QUERY_NAMES) {
    it(`${name}.scm compiles and matches the fixtures`, () => {
      const counts = [doc, other].map((d) => rt.query(name).matches(d.tree.rootNode).length);
      expect(Math.max(...counts)).toBeGreaterThan(0);
    });
  }

  it('functions.scm sees BPF_KPROBE heads as functions after the rewrite', () => {
    const names = rt
      .query('functions')
      .matches(doc.tree.rootNode)
      .flatMap((m) => m.captures.filter((c) => c.name === 'declarator').map((c) => c.node.childForFieldName('declarator')?.text));
    expect(names).toContain('do_unlinkat');
    expect(names).toContain('handle_exec');
  });

  it('matchMany gives the same matches as separate queries, grouped by name', () => {
    const names = ['calls', 'includes', 'field-accesses'] as const;
    const together = rt.matchMany(names, doc.tree.rootNode);
    for (const n of names) {
      const alone = rt.query(n).matches(doc.tree.rootNode);
      const key = (m: { captures: { name: string; node: { startIndex: number } }[] }): string => m.captures.map((c) => `${c.name}@${c.node.startIndex}`).join(',');
      expect(together.get(n)?.map(key)).toEqual(alone.map(key));
    }
  });

  it('rejects unknown names', () => {
    expect(() => rt.query('nope' as never)).toThrow(/unknown query/);
  });
});
