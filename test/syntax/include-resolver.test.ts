import { beforeAll, describe, expect, it } from 'vitest';
import { buildDocumentModel } from '../../server/src/analysis/document-model.ts';
import { IncludeResolver, dirname, joinPath, normalizePath } from '../../server/src/analysis/include-resolver.ts';
import type { SourceFiles } from '../../server/src/analysis/source-files.ts';
import type { SyntaxRuntime } from '../../server/src/syntax/parser.ts';
import { SyntaxDocument } from '../../server/src/syntax/syntax-document.ts';
import { runtime } from './helpers.ts';

let rt: SyntaxRuntime;
beforeAll(async () => {
  rt = await runtime();
});

function memoryFiles(files: Record<string, string>): SourceFiles & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    read(path) {
      reads.push(path);
      return files[path];
    },
  };
}

const FILES: Record<string, string> = {
  '/proj/src/prog.bpf.c': '#include "common.h"\n#include "../include/maps.h"\n#include <linux/bpf.h>\n#include "missing.h"\nstruct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, MAX_ENTRIES); } arr SEC(".maps");\n',
  '/proj/src/common.h': '#pragma once\n#include "common.h"\n#include "types.h"\n#define MAX_ENTRIES (PAGE / 4)\nstatic __always_inline int helper(int x) { return x; }\n',
  '/proj/src/types.h': '#include "common.h"\n#define PAGE 4096\nstruct pkt { __u32 len; };\n',
  '/proj/include/maps.h': 'struct { __uint(type, BPF_MAP_TYPE_HASH); __type(key, int); __type(value, int); __uint(max_entries, 8); } shared SEC(".maps");\n',
  '/usr/include/linux/bpf.h': '#define BPF_F_X 1\n',
};

function modelOf(text: string) {
  const doc = SyntaxDocument.parse(rt, text);
  try {
    return buildDocumentModel(doc);
  } finally {
    doc.dispose();
  }
}

describe('include resolution', () => {
  it('path helpers', () => {
    expect(normalizePath('/a/./b/../c')).toBe('/a/c');
    expect(normalizePath('a\\b\\..\\c')).toBe('a/c');
    expect(dirname('/a/b/c.h')).toBe('/a/b');
    expect(joinPath('/a/b', '../c.h')).toBe('/a/c.h');
    expect(joinPath('/a/b', '/x.h')).toBe('/x.h');
  });

  it('follows local includes depth-first, once each, through cycles', () => {
    const files = memoryFiles(FILES);
    const resolver = new IncludeResolver(files, rt);
    const root = modelOf(FILES['/proj/src/prog.bpf.c']);
    const included = resolver.includedFiles('/proj/src/prog.bpf.c', root);
    expect(included.map((f) => f.path)).toEqual(['/proj/src/common.h', '/proj/src/types.h', '/proj/include/maps.h']);
    expect(included[1].via).toEqual(['/proj/src/common.h']);
    expect(included[0].model.functions.map((f) => f.name)).toEqual(['helper']);
    expect(included[2].model.maps.map((m) => m.name)).toEqual(['shared']);
    expect(included[1].model.types.map((t) => t.name)).toEqual(['pkt']);
  });

  it('system includes only when asked, through the include paths', () => {
    const files = memoryFiles(FILES);
    const root = modelOf(FILES['/proj/src/prog.bpf.c']);
    const system = root.includes.find((i) => i.system)!;
    expect(new IncludeResolver(files, rt, { includePaths: ['/usr/include'] }).resolve('/proj/src/prog.bpf.c', system)).toBeUndefined();
    expect(new IncludeResolver(files, rt, { includePaths: ['/usr/include'], resolveSystem: true }).resolve('/proj/src/prog.bpf.c', system)).toBe('/usr/include/linux/bpf.h');
  });

  it('include paths are searched after the including directory', () => {
    const files = memoryFiles({ '/p/a.c': '#include "x.h"\n', '/inc/x.h': '#define X 1\n' });
    const resolver = new IncludeResolver(files, rt, { includePaths: ['/inc'] });
    const m = modelOf('#include "x.h"\n');
    expect(resolver.resolve('/p/a.c', m.includes[0])).toBe('/inc/x.h');
  });

  it('included macros evaluate map sizes, and models are cached until the text changes', () => {
    const files = memoryFiles({ ...FILES });
    const resolver = new IncludeResolver(files, rt);
    const doc = SyntaxDocument.parse(rt, FILES['/proj/src/prog.bpf.c']);
    try {
      const first = buildDocumentModel(doc);
      expect(first.maps[0].maxEntries?.value).toBeUndefined();
      const lookup = resolver.macroLookup('/proj/src/prog.bpf.c', first);
      const model = buildDocumentModel(doc, { macroLookup: lookup });
      expect(model.maps[0].maxEntries?.value).toBe(1024);
      expect(resolver.modelOf('/proj/src/types.h')).toBe(resolver.modelOf('/proj/src/types.h'));
      expect(resolver.modelOf('/nope.h')).toBeUndefined();
    } finally {
      doc.dispose();
    }
  });

  it('a file system that throws is treated as missing files', () => {
    const resolver = new IncludeResolver({ read: () => { throw new Error('EACCES'); } }, rt);
    expect(resolver.includedFiles('/a.c', modelOf('#include "b.h"\n'))).toEqual([]);
  });
});
