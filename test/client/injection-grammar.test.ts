/**
 * The BPF C injection grammar (grammars/bpf-c.injection.tmLanguage.json), tokenized
 * with vscode-textmate + vscode-oniguruma on top of a tiny `source.c` base grammar
 * written here (comments, strings, blocks, keywords), exactly as VS Code injects it.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';
import { ROOT } from '../support/paths.ts';

const GRAMMAR = join(ROOT, 'grammars', 'bpf-c.injection.tmLanguage.json');
const INJECTION_SCOPE = 'source.bpf-c.injection';

/** A minimal C grammar: enough structure (blocks, comments, strings) to exercise the injection selector. */
const BASE_C = {
  scopeName: 'source.c',
  name: 'C (test stub)',
  patterns: [{ include: '#statements' }],
  repository: {
    statements: {
      patterns: [
        { include: '#comments' },
        { include: '#strings' },
        { include: '#block' },
        { match: '^\\s*#\\s*include\\b', name: 'keyword.control.directive.include.c' },
        { match: '\\b(return|if|else|struct|int|char|void|long)\\b', name: 'keyword.control.c' },
        { match: '\\b\\d+\\b', name: 'constant.numeric.c' },
        { match: '\\b([A-Za-z_]\\w*)\\b(?=\\s*\\()', captures: { 1: { name: 'entity.name.function.c' } } },
      ],
    },
    comments: {
      patterns: [
        { match: '//.*$', name: 'comment.line.double-slash.c' },
        { begin: '/\\*', end: '\\*/', name: 'comment.block.c' },
      ],
    },
    strings: {
      begin: '"',
      end: '"',
      name: 'string.quoted.double.c',
      patterns: [{ match: '\\\\.', name: 'constant.character.escape.c' }],
    },
    block: {
      begin: '\\{',
      end: '\\}',
      name: 'meta.block.c',
      patterns: [{ include: '#statements' }],
    },
  },
};

let registry: vsctm.Registry;
let grammar: vsctm.IGrammar;

beforeAll(async () => {
  const require = createRequire(import.meta.url);
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (sources) => new oniguruma.OnigScanner(sources),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName) => {
      if (scopeName === 'source.c') return vsctm.parseRawGrammar(JSON.stringify(BASE_C), 'c.json');
      if (scopeName === INJECTION_SCOPE) return vsctm.parseRawGrammar(readFileSync(GRAMMAR, 'utf8'), GRAMMAR);
      return null;
    },
    // What VS Code does with `"injectTo": ["source.c"]` in package.json.
    getInjections: (scopeName) => (scopeName === 'source.c' ? [INJECTION_SCOPE] : undefined),
  });
  const g = await registry.loadGrammar('source.c');
  if (!g) throw new Error('the base grammar did not load');
  grammar = g;
});

interface Token {
  text: string;
  scopes: string[];
}

/** Tokenizes lines in order (state carried over), returns every token. */
function tokenize(...lines: string[]): Token[][] {
  let state = vsctm.INITIAL;
  return lines.map((line) => {
    const r = grammar.tokenizeLine(line, state);
    state = r.ruleStack;
    return r.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
  });
}

/** The innermost scope of the token whose text is exactly `text`. */
function scopeOf(tokens: Token[], text: string): string | undefined {
  const t = tokens.find((x) => x.text === text);
  return t?.scopes[t.scopes.length - 1];
}

function scopesOf(tokens: Token[], text: string): string[] {
  return tokens.find((x) => x.text === text)?.scopes ?? [];
}

describe('generated grammar', () => {
  it('is current with helper-db (node scripts/gen-injection-grammar.mjs --check)', () => {
    expect(() => execFileSync(process.execPath, [join(ROOT, 'scripts', 'gen-injection-grammar.mjs'), '--check'], { stdio: 'pipe' })).not.toThrow();
  });

  it('names every helper of helper-db and is injected into source.c outside comments and strings', () => {
    const g = JSON.parse(readFileSync(GRAMMAR, 'utf8')) as { injectionSelector: string; repository: Record<string, { match?: string }> };
    expect(g.injectionSelector).toBe('L:source.c -comment -string');
    const helpers = (JSON.parse(readFileSync(join(ROOT, 'helper-db', 'helpers.json'), 'utf8')) as { helpers: { name: string }[] }).helpers;
    expect(helpers).toHaveLength(211);
    const re = new RegExp(`^${g.repository['helper-call'].match!.replace('(?=\\s*\\()', '')}$`);
    for (const h of helpers) expect(re.test(h.name), h.name).toBe(true);
  });
});

describe('helper calls', () => {
  it('marks every known helper call, including ones nested in blocks', () => {
    const [, line] = tokenize('{', '  void *v = bpf_map_lookup_elem(&counts, &key);');
    expect(scopeOf(line, 'bpf_map_lookup_elem')).toBe('support.function.helper.bpf.c');
    expect(scopesOf(line, 'bpf_map_lookup_elem')).toContain('meta.block.c');
  });

  it('prefers the longest helper name (no prefix match)', () => {
    const [line] = tokenize('bpf_map_lookup_percpu_elem(&m, &k, 0);');
    expect(scopeOf(line, 'bpf_map_lookup_percpu_elem')).toBe('support.function.helper.bpf.c');
  });

  it('marks every one of the 211 helpers when called', () => {
    const helpers = (JSON.parse(readFileSync(join(ROOT, 'helper-db', 'helpers.json'), 'utf8')) as { helpers: { name: string }[] }).helpers;
    const lines = tokenize(...helpers.map((h) => `x = ${h.name} (a, b);`));
    helpers.forEach((h, i) => expect(scopeOf(lines[i], h.name), h.name).toBe('support.function.helper.bpf.c'));
  });

  it('leaves unknown bpf_ names, names without a call and helpers in comments or strings alone', () => {
    const [a, b, c, d] = tokenize(
      'bpf_not_a_helper(1);',
      'long (*fn)(void) = bpf_ktime_get_ns_ptr;',
      '// bpf_redirect(ifindex, 0);',
      'const char *s = "bpf_redirect(1, 0)";',
    );
    expect(scopeOf(a, 'bpf_not_a_helper')).toBe('entity.name.function.c');
    expect(scopeOf(b, 'bpf_ktime_get_ns')).toBeUndefined();
    expect(c.every((t) => !t.scopes.includes('support.function.helper.bpf.c'))).toBe(true);
    expect(d.every((t) => !t.scopes.includes('support.function.helper.bpf.c'))).toBe(true);
  });

  it('marks libbpf macros separately from kernel helpers', () => {
    const [line] = tokenize('bpf_printk("x=%d", BPF_CORE_READ(task, pid));');
    expect(scopeOf(line, 'bpf_printk')).toBe('support.function.macro.libbpf.bpf.c');
    expect(scopeOf(line, 'BPF_CORE_READ')).toBe('support.function.macro.libbpf.bpf.c');
  });
});

describe('SEC("...")', () => {
  it('marks the macro and the section name', () => {
    const [line] = tokenize('SEC("xdp/devmap") int prog(struct xdp_md *ctx)');
    expect(scopeOf(line, 'SEC')).toBe('storage.modifier.section.bpf.c');
    expect(scopeOf(line, 'xdp/devmap')).toBe('entity.name.section.bpf.c');
    expect(scopesOf(line, 'xdp/devmap')).toContain('string.quoted.double.section.bpf.c');
    expect(scopeOf(line, '"')).toBe('punctuation.definition.string.begin.c');
  });

  it('marks license and .maps sections, and SEC with spaces', () => {
    const [a, b] = tokenize('char LICENSE[] SEC ( "license" ) = "GPL";', '} counts SEC(".maps");');
    expect(scopeOf(a, 'license')).toBe('entity.name.section.bpf.c');
    expect(scopeOf(a, 'GPL')).toBe('string.quoted.double.c'); // the base grammar's string, not a section
    expect(scopeOf(b, '.maps')).toBe('entity.name.section.bpf.c');
  });

  it('does not mark SEC inside a comment', () => {
    const [line] = tokenize('/* SEC("xdp") */');
    expect(line.every((t) => !t.scopes.includes('storage.modifier.section.bpf.c'))).toBe(true);
  });
});

describe('map definition macros', () => {
  it('marks __uint, __type, __array, __ulong and the field name', () => {
    const lines = tokenize(
      'struct {',
      '  __uint(type, BPF_MAP_TYPE_HASH);',
      '  __type(key, __u32);',
      '  __array(values, struct inner);',
      '  __ulong(map_extra, 1);',
      '} m SEC(".maps");',
    );
    expect(scopeOf(lines[1], '__uint')).toBe('storage.type.map-field.bpf.c');
    expect(scopeOf(lines[1], 'type')).toBe('variable.other.member.map-field.bpf.c');
    expect(scopeOf(lines[1], 'BPF_MAP_TYPE_HASH')).toBe('support.constant.bpf.c');
    expect(scopeOf(lines[2], '__type')).toBe('storage.type.map-field.bpf.c');
    expect(scopeOf(lines[2], 'key')).toBe('variable.other.member.map-field.bpf.c');
    expect(scopeOf(lines[3], '__array')).toBe('storage.type.map-field.bpf.c');
    expect(scopeOf(lines[4], '__ulong')).toBe('storage.type.map-field.bpf.c');
    expect(scopeOf(lines[4], 'map_extra')).toBe('variable.other.member.map-field.bpf.c');
  });
});

describe('constants', () => {
  it('marks XDP_*, TC_ACT_*, SK_* and BPF_* constants', () => {
    const [a, b, c, d] = tokenize(
      'return XDP_PASS;',
      'return TC_ACT_SHOT;',
      'return SK_DROP;',
      'bpf_map_update_elem(&m, &k, &v, BPF_NOEXIST | BPF_F_LOCK);',
    );
    expect(scopeOf(a, 'XDP_PASS')).toBe('support.constant.xdp.bpf.c');
    expect(scopeOf(b, 'TC_ACT_SHOT')).toBe('support.constant.tc.bpf.c');
    expect(scopeOf(c, 'SK_DROP')).toBe('support.constant.sk.bpf.c');
    expect(scopeOf(d, 'BPF_NOEXIST')).toBe('support.constant.bpf.c');
    expect(scopeOf(d, 'BPF_F_LOCK')).toBe('support.constant.bpf.c');
    expect(scopeOf(d, 'bpf_map_update_elem')).toBe('support.function.helper.bpf.c');
  });

  it('does not take BPF_* macros with arguments, or lower-case names, for constants', () => {
    const [a, b] = tokenize('int BPF_KPROBE(do_unlinkat, int dfd)', 'struct xdp_md *XDP_ctx_x; int MY_XDP_PASS;');
    expect(scopeOf(a, 'BPF_KPROBE')).toBe('support.function.macro.libbpf.bpf.c');
    expect(b.some((t) => t.scopes.some((s) => s.startsWith('support.constant')))).toBe(false);
  });
});
