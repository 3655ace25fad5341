/**
 * The language server end to end: the built `bpfls --stdio` process, spoken to over
 * JSON-RPC. Positions come from markers in the fixture files.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CompletionItem, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { LspTestClient } from '../support/lsp-client.ts';
import { readMarkers, type Marker } from '../support/markers.ts';
import { ROOT } from '../support/paths.ts';

const FIXTURES = join(ROOT, 'test/fixtures/lsp');
const featuresPath = join(FIXTURES, 'xdp_features.bpf.c');
const featuresText = readFileSync(featuresPath, 'utf8');
const featuresUri = pathToFileURL(featuresPath).href;
const markers = readMarkers(featuresText);
const marker = (kind: string, text: string): Marker => {
  const m = markers.find((x) => x.kind === kind && x.text === text);
  if (!m) throw new Error(`no marker ${kind}: ${text}`);
  return m;
};
const pos = (m: Marker) => ({ line: m.line, character: m.character });
const hoverText = (h: Hover | null) => (h ? (h.contents as MarkupContent).value : '');

let en: LspTestClient;
let zh: LspTestClient;

beforeAll(async () => {
  [en, zh] = await Promise.all([LspTestClient.start({ locale: 'en' }), LspTestClient.start({ locale: 'zh-cn' })]);
  await en.open(featuresUri, featuresText);
  await zh.open(featuresUri, featuresText);
});

afterAll(async () => {
  await Promise.all([en?.stop(), zh?.stop()]);
});

describe('server basics', () => {
  it('announces its features and writes nothing but JSON-RPC to stdout', () => {
    const caps = en.initializeResult.capabilities;
    expect(caps.hoverProvider).toBe(true);
    expect(caps.completionProvider).toBeDefined();
    expect(caps.signatureHelpProvider).toBeDefined();
    expect(caps.definitionProvider).toBe(true);
    expect(caps.referencesProvider).toBe(true);
    expect(caps.documentSymbolProvider).toBe(true);
    expect(en.protocolErrors).toEqual([]);
  });
});

describe('hover', () => {
  it('shows a helper card with parameter names, in English', async () => {
    const h = await en.hover(featuresUri, pos(marker('hover', 'bpf_map_lookup_elem')));
    const text = hoverText(h);
    expect(text).toContain('bpf_map_lookup_elem(void *map, const void *key)');
    expect(text).toContain('Parameters');
    expect(text).toMatch(/NULL/);
  });

  it('shows the card in Simplified Chinese for a zh client', async () => {
    const text = hoverText(await zh.hover(featuresUri, pos(marker('hover', 'bpf_map_lookup_elem'))));
    expect(text).toContain('参数');
    expect(text).toMatch(/[\u4e00-\u9fff]/);
  });

  it('warns prominently when a helper invalidates packet pointers', async () => {
    const text = hoverText(await en.hover(featuresUri, pos(marker('hover', 'adjust head'))));
    expect(text).toContain('Changes packet data');
  });

  it('says when the enclosing program type may not call the helper, and which types can', async () => {
    const text = hoverText(await en.hover(featuresUri, pos(marker('hover', 'not allowed'))));
    expect(text).toContain('cannot be called from a xdp program');
    expect(text).toContain('sched_cls');
  });

  it('describes constants, maps, sections and context fields', async () => {
    expect(hoverText(await en.hover(featuresUri, pos(marker('hover', 'constant XDP_DROP'))))).toContain('XDP_DROP = 1');
    const map = hoverText(await en.hover(featuresUri, pos(marker('hover', 'map pkt_count'))));
    expect(map).toContain('BPF_MAP_TYPE_ARRAY');
    expect(map).toContain('max_entries');
    const sec = hoverText(await en.hover(featuresUri, pos(marker('hover', 'section xdp'))));
    expect(sec).toContain('BPF_PROG_TYPE_XDP');
    expect(sec).toContain('struct xdp_md');
    expect(sec).toContain('XDP_PASS');
    const field = hoverText(await en.hover(featuresUri, pos(marker('hover', 'field data'))));
    expect(field).toContain('struct xdp_md');
    expect(field).toContain('data_end');
  });

  it('follows the bpfls.docsLanguage setting over the client locale', async () => {
    const c = await LspTestClient.start({ locale: 'en', settings: { docsLanguage: 'zh-CN' } });
    try {
      await c.open(featuresUri, featuresText);
      expect(hoverText(await c.hover(featuresUri, pos(marker('hover', 'bpf_map_lookup_elem'))))).toContain('参数');
    } finally {
      await c.stop();
    }
  });
});

describe('completion', () => {
  const complete = async (source: string, client = en) => {
    const cursor = source.indexOf('|');
    const text = source.replace('|', '');
    const uri = `file:///tmp/bpfls-test-${Math.random().toString(36).slice(2)}.bpf.c`;
    await client.open(uri, text);
    const before = text.slice(0, cursor).split('\n');
    return client.completion(uri, { line: before.length - 1, character: before[before.length - 1].length });
  };
  const labels = (items: CompletionItem[]) => items.map((i) => i.label);
  const XDP = (body: string) => `#include <linux/bpf.h>\n#include <bpf/bpf_helpers.h>\nstruct { __uint(type, BPF_MAP_TYPE_PROG_ARRAY); __uint(max_entries, 4); __type(key, __u32); __type(value, __u32); } jt SEC(".maps");\nstruct { __uint(type, BPF_MAP_TYPE_HASH); __uint(max_entries, 4); __type(key, __u32); __type(value, __u32); } h SEC(".maps");\nSEC("xdp")\nint p(struct xdp_md *ctx)\n{\n${body}\n}\n`;

  it('offers helpers with parameter snippets, those the program type may call first', async () => {
    const items = await complete(XDP('\tbpf_|'));
    const adjust = items.find((i) => i.label === 'bpf_xdp_adjust_head')!;
    const store = items.find((i) => i.label === 'bpf_skb_store_bytes')!;
    expect(adjust.insertText).toBe('bpf_xdp_adjust_head(${1:xdp_md}, ${2:delta})');
    expect(adjust.sortText! < store.sortText!).toBe(true);
    expect(store.detail).toContain('not allowed in xdp');
    const resolved = await en.request<CompletionItem>('completionItem/resolve', adjust);
    expect((resolved.documentation as MarkupContent).value).toContain('Changes packet data');
  });

  it('offers only the helper\'s own constants in a flags argument', async () => {
    const items = await complete(XDP('\t__u32 k = 0, v = 1;\n\tbpf_map_update_elem(&h, &k, &v, |'));
    expect(labels(items).sort()).toEqual(['BPF_ANY', 'BPF_EXIST', 'BPF_F_LOCK', 'BPF_NOEXIST']);
  });

  it('offers maps of a fitting type in a map argument', async () => {
    const items = await complete(XDP('\tbpf_tail_call(ctx, |'));
    expect(labels(items)).toEqual(['jt']);
    expect(items[0].insertText).toBe('&jt');
  });

  it('offers section names inside SEC("', async () => {
    const items = await complete('#include <bpf/bpf_helpers.h>\nSEC("|")\nint f(void *ctx) { return 0; }\n');
    expect(labels(items)).toEqual(expect.arrayContaining(['xdp', 'tc', 'kprobe', 'tracepoint', 'fentry', 'socket']));
  });

  it('offers map types in __uint(type, ', async () => {
    const items = await complete('struct {\n\t__uint(type, |);\n} m SEC(".maps");\n');
    expect(labels(items)).toEqual(expect.arrayContaining(['BPF_MAP_TYPE_HASH', 'BPF_MAP_TYPE_RINGBUF']));
    expect(labels(items).every((l) => l.startsWith('BPF_MAP_TYPE_'))).toBe(true);
  });

  it('offers context fields after ctx->', async () => {
    const items = await complete(XDP('\tvoid *d = (void *)(long)ctx->|'));
    expect(labels(items)).toEqual(['data', 'data_end', 'data_meta', 'ingress_ifindex', 'rx_queue_index', 'egress_ifindex']);
  });

  it('still works in half-typed code that does not parse', async () => {
    const items = await complete(XDP('\tif (ctx->data + 1 > \n\tbpf_map_lookup_elem(&h, &|'));
    expect(labels(items)).toContain('h');
    const flags = await complete(XDP('\tint x = (\n\tbpf_redirect(1, |'));
    expect(labels(flags)).toEqual(['BPF_F_INGRESS']);
  });
});

describe('signature help', () => {
  it('shows the active parameter and its doc', async () => {
    const text = `#include <bpf/bpf_helpers.h>\nSEC("tc")\nint p(struct __sk_buff *skb)\n{\n\treturn bpf_skb_store_bytes(skb, 12, &x, `;
    const uri = 'file:///tmp/bpfls-sig.bpf.c';
    await en.open(uri, text);
    const lines = text.split('\n');
    const help = await en.signatureHelp(uri, { line: lines.length - 1, character: lines[lines.length - 1].length });
    expect(help!.signatures[0].label).toContain('bpf_skb_store_bytes(struct __sk_buff *skb, __u32 offset, const void *from, __u32 len, __u64 flags)');
    expect(help!.activeParameter).toBe(3);
    const param = help!.signatures[0].parameters![3];
    const [s, e] = param.label as [number, number];
    expect(help!.signatures[0].label.slice(s, e)).toBe('__u32 len');
    expect((param.documentation as MarkupContent).value.length).toBeGreaterThan(5);
  });
});

describe('navigation', () => {
  it('goes to the definition of a function and of a macro in an included header', async () => {
    const def = (await en.request<{ uri: string; range: { start: { line: number } } }>('textDocument/definition', {
      textDocument: { uri: featuresUri },
      position: pos(marker('definition', 'bump')),
    }))!;
    expect(def.uri).toBe(featuresUri);
    expect(featuresText.split('\n')[def.range.start.line]).toContain('static __always_inline int bump');
    const other = (await en.request<{ uri: string; range: { start: { line: number } } }>('textDocument/definition', {
      textDocument: { uri: featuresUri },
      position: pos(marker('definition-other-file', 'SHARED_KEY')),
    }))!;
    expect(other.uri).toBe(pathToFileURL(join(FIXTURES, 'common.h')).href);
    expect(other.range.start.line).toBe(4);
  });

  it('sees the macros and maps of included headers', async () => {
    const hover = hoverText(await en.hover(featuresUri, pos(marker('definition-other-file', 'SHARED_KEY'))));
    expect(hover).toContain('#define SHARED_KEY 3');
    const lines = featuresText.split('\n');
    const line = lines.findIndex((l) => l.includes('__u64 *value = bpf_map_lookup_elem(&pkt_count'));
    const character = lines[line].indexOf('&pkt_count');
    const items = await en.completion(featuresUri, { line, character });
    expect(items.map((i) => i.label)).toEqual(expect.arrayContaining(['pkt_count', 'shared_counts']));
  });

  it('goes to an included header from its #include line', async () => {
    const line = featuresText.split('\n').findIndex((l) => l.includes('#include "common.h"'));
    const def = await en.request<{ uri: string }>('textDocument/definition', {
      textDocument: { uri: featuresUri },
      position: { line, character: 12 },
    });
    expect(def.uri).toBe(pathToFileURL(join(FIXTURES, 'common.h')).href);
  });

  it('finds the references of a map', async () => {
    const m = marker('hover', 'map pkt_count');
    const refs = await en.request<{ range: { start: { line: number } } }[]>('textDocument/references', {
      textDocument: { uri: featuresUri },
      position: pos(m),
      context: { includeDeclaration: true },
    });
    expect(refs.length).toBe(2);
  });

  it('lists programs with their section and type, maps and functions', async () => {
    const symbols = await en.request<{ name: string; detail?: string }[]>('textDocument/documentSymbol', { textDocument: { uri: featuresUri } });
    const byName = new Map(symbols.map((s) => [s.name, s.detail]));
    expect(byName.get('xdp_main')).toContain('SEC("xdp") xdp');
    expect(byName.get('pkt_count')).toContain('BPF_MAP_TYPE_ARRAY');
    expect(byName.has('bump')).toBe(true);
    expect(byName.has('tx_ports')).toBe(true);
  });
});

describe('syntax diagnostics', () => {
  it('reports a real C syntax error at the user\'s text', async () => {
    const path = join(FIXTURES, 'broken_syntax.bpf.c');
    const { diagnostics } = await en.openFile(path);
    const syntax = diagnostics.filter((d) => d.code === 'bpf/syntax');
    expect(syntax.length).toBeGreaterThan(0);
    expect(syntax[0].range.start.line).toBe(6);
    expect(syntax[0].message).toMatch(/;/);
  });

  it('reports no syntax error on valid libbpf idioms', async () => {
    const { diagnostics } = await en.openFile(join(FIXTURES, 'idioms_clean.bpf.c'));
    expect(diagnostics.filter((d) => d.code === 'bpf/syntax')).toEqual([]);
  });

  it('updates diagnostics on incremental edits', async () => {
    const uri = 'file:///tmp/bpfls-edit.bpf.c';
    const text = '#include <bpf/bpf_helpers.h>\nSEC("xdp")\nint p(struct xdp_md *ctx)\n{\n\treturn 2;\n}\n';
    expect((await en.open(uri, text)).filter((d) => d.code === 'bpf/syntax')).toEqual([]);
    const broken = await en.change(uri, [{ range: { start: { line: 4, character: 9 }, end: { line: 4, character: 10 } }, text: '' }]);
    expect(broken.filter((d) => d.code === 'bpf/syntax').length).toBeGreaterThan(0);
    const fixed = await en.change(uri, [{ range: { start: { line: 4, character: 9 }, end: { line: 4, character: 9 } }, text: ';' }]);
    expect(fixed.filter((d) => d.code === 'bpf/syntax')).toEqual([]);
  });

  it('survives garbage input and keeps answering', async () => {
    const uri = 'file:///tmp/bpfls-garbage.bpf.c';
    await en.open(uri, '}}}} ((( SEC(" \u0000 #if\n#define X(');
    expect(await en.hover(uri, { line: 0, character: 3 })).toBeDefined();
    expect(Array.isArray(await en.completion(uri, { line: 0, character: 12 }))).toBe(true);
    expect(en.protocolErrors).toEqual([]);
  });
});
