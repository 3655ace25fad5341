/** Which C documents the VS Code extension hands to bpfls (client/src/detect.ts). */
import { describe, expect, it } from 'vitest';
import { head, isBpfFileName, looksLikeBpf, normaliseEnable, wantsDocument, DETECT_LINES } from '../../client/src/detect.ts';

const doc = (path: string, text: string, languageId = 'c') => ({ path, languageId, text: () => text });
const PLAIN = '#include <stdio.h>\nint main(void) { return 0; }\n';

describe('file names', () => {
  it('knows *.bpf.c, *_kern.c and *.bpf.h', () => {
    expect(isBpfFileName('/src/xdp_pass.bpf.c')).toBe(true);
    expect(isBpfFileName('/samples/bpf/sockex1_kern.c')).toBe(true);
    expect(isBpfFileName('/src/maps.bpf.h')).toBe(true);
    expect(isBpfFileName('/src/main.c')).toBe(false);
    expect(isBpfFileName('/src/kern.c')).toBe(false);
    expect(isBpfFileName('/src/bpf.c')).toBe(false);
  });
});

describe('content', () => {
  it.each([
    ['#include <bpf/bpf_helpers.h>\n'],
    ['#include "vmlinux.h"\n'],
    ['#include <linux/bpf.h>\n'],
    ['  #  include <bpf/bpf_tracing.h>\n'],
    ['SEC("xdp")\nint f(void *ctx) { return 2; }\n'],
    ['char LICENSE[] SEC ( "license" ) = "GPL";\n'],
  ])('finds BPF markers in %j', (text) => {
    expect(looksLikeBpf(text)).toBe(true);
  });

  it('ignores ordinary C, and words that only contain SEC', () => {
    expect(looksLikeBpf(PLAIN)).toBe(false);
    expect(looksLikeBpf('#define NSEC(x) x\nint a = NSEC("x");\nint b = SECOND;\n')).toBe(false);
    expect(looksLikeBpf('#include <linux/bpf_common.h>\n')).toBe(false);
  });

  it(`looks only at the first ${DETECT_LINES} lines`, () => {
    const filler = 'int x;\n'.repeat(DETECT_LINES);
    expect(looksLikeBpf(filler + '#include <bpf/bpf_helpers.h>\n')).toBe(false);
    expect(looksLikeBpf('int x;\n'.repeat(DETECT_LINES - 1) + '#include <bpf/bpf_helpers.h>\n')).toBe(true);
    expect(head('a\nb\nc\n', 2)).toBe('a\nb\n');
    expect(head('a', 2)).toBe('a');
  });
});

describe('bpfls.enable', () => {
  it('normalises the setting', () => {
    expect(normaliseEnable(true)).toBe(true);
    expect(normaliseEnable(false)).toBe(false);
    expect(normaliseEnable('auto')).toBe('auto');
    expect(normaliseEnable(undefined)).toBe('auto');
    expect(normaliseEnable('false')).toBe(false);
  });

  it('auto: by name, else by content; never for other languages unless the name says BPF', () => {
    expect(wantsDocument(doc('/a/x.bpf.c', PLAIN), 'auto')).toBe(true);
    expect(wantsDocument(doc('/a/x.c', PLAIN), 'auto')).toBe(false);
    expect(wantsDocument(doc('/a/x.c', '#include <vmlinux.h>\n'), 'auto')).toBe(true);
    expect(wantsDocument(doc('/a/x.cpp', '#include <vmlinux.h>\n', 'cpp'), 'auto')).toBe(false);
    expect(wantsDocument(doc('/a/x.bpf.c', PLAIN, 'cpp'), 'auto')).toBe(true);
  });

  it('true: every C file; false: none', () => {
    expect(wantsDocument(doc('/a/x.c', PLAIN), true)).toBe(true);
    expect(wantsDocument(doc('/a/x.py', 'SEC("xdp")', 'python'), true)).toBe(false);
    expect(wantsDocument(doc('/a/x.bpf.c', '#include <bpf/bpf_helpers.h>'), false)).toBe(false);
  });

  it('does not read the text when the name decides', () => {
    let reads = 0;
    const d = { path: '/a/x.bpf.c', languageId: 'c', text: () => (reads++, '') };
    expect(wantsDocument(d, 'auto')).toBe(true);
    expect(reads).toBe(0);
  });
});
