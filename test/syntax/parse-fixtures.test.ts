import { basename } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SyntaxRuntime } from '../../server/src/syntax/parser.ts';
import { SyntaxDocument } from '../../server/src/syntax/syntax-document.ts';
import { EXAMPLES, FIXTURES, errorNodes, read, sourceFiles } from './helpers.ts';

let rt: SyntaxRuntime;
beforeAll(async () => {
  rt = await import('./helpers.ts').then((h) => h.runtime());
});

const files = [...sourceFiles(FIXTURES), ...sourceFiles(EXAMPLES)];

describe('valid fixtures and examples parse without ERROR or MISSING nodes', () => {
  it('has fixtures and at least 10 examples', () => {
    expect(sourceFiles(FIXTURES).length).toBeGreaterThanOrEqual(4);
    expect(sourceFiles(EXAMPLES).filter((f) => f.endsWith('.bpf.c')).length).toBeGreaterThanOrEqual(10);
  });

  for (const file of files) {
    it(basename(file), () => {
      const doc = SyntaxDocument.parse(rt, read(file));
      try {
        expect(errorNodes(doc.tree)).toEqual([]);
      } finally {
        doc.dispose();
      }
    });
  }
});

describe('plain tree-sitter-c fails on the same files (the rewrite is what fixes them)', () => {
  it('raw text of the idiom fixtures has ERROR nodes', () => {
    for (const name of ['maps.bpf.c', 'tracing.bpf.c', 'attributes.bpf.c', 'loops.bpf.c']) {
      const tree = rt.parse(read(`${FIXTURES}/${name}`));
      try {
        expect(tree.rootNode.hasError, name).toBe(true);
      } finally {
        tree.delete();
      }
    }
  });
});
