/** The C preprocessor on its own: expansion rules, conditionals, includes, positions. */
import { describe, expect, it } from 'vitest';
import { builtinHeader } from '../../server/src/interp/builtin-headers/index.ts';
import { preprocess } from '../../server/src/interp/preprocessor/preprocess.ts';

function pp(src: string, files: Record<string, string> = {}, defines?: Record<string, string>) {
  return preprocess(src, { path: '/p/main.c', files, defines, builtinHeader });
}

function out(src: string, files: Record<string, string> = {}): string {
  return pp(src, files).text.replace(/\s+/g, ' ').trim();
}

describe('preprocessor', () => {
  it('expands object-like and function-like macros with rescanning', () => {
    expect(out('#define A B\n#define B 42\nint x = A;')).toBe('int x = 42 ;');
    expect(out('#define F(x, y) ((x) + (y))\nF(1, F(2, 3))')).toBe('( ( 1 ) + ( ( ( 2 ) + ( 3 ) ) ) )');
    expect(out('#define F(x) x\n#define G F\nG(5)')).toBe('5');
    expect(out('#define F(x) [x]\nF')).toBe('F');
  });

  it('does not expand a macro inside itself', () => {
    expect(out('#define foo foo + 1\nfoo')).toBe('foo + 1');
    expect(out('#define f(x) x * f(x)\nf(2)')).toBe('2 * f ( 2 )');
  });

  it('handles # and ## and variadic arguments', () => {
    expect(out('#define S(x) #x\nS(a  +  "b")')).toBe('"a + \\"b\\""');
    expect(out('#define C(a, b) a##b\nC(foo, 12) C(, x) C(y, )')).toBe('foo12 x y');
    expect(out('#define L(fmt, ...) p(fmt, ##__VA_ARGS__)\nL("a") L("b", 1, 2)')).toBe('p ( "a" ) p ( "b" , 1 , 2 )');
    expect(out('#define L(fmt, args...) q(fmt, ##args)\nL("a") L("b", 3)')).toBe('q ( "a" ) q ( "b" , 3 )');
    expect(out('#define O(a, ...) a __VA_OPT__(: __VA_ARGS__)\nO(1) O(1, 2)')).toBe('1 1 : 2');
    expect(out('#define XS(x) S(x)\n#define S(x) #x\n#define V 7\nXS(V) S(V)')).toBe('"7" "V"');
  });

  it('evaluates #if with defined(), arithmetic and #elif/#else', () => {
    const src = '#define A 3\n#if defined(A) && A * 2 == 6 && !defined B\nyes\n#elif 1\nno\n#else\nnever\n#endif\n#if (1 << 40) > 0 && -1 < 0 && 0xffffffffffffffff > 0\nbig\n#endif\n#ifdef A\nA_set\n#endif\n#ifndef A\nskipped\n#endif';
    expect(out(src)).toBe('yes big A_set');
  });

  it('includes local headers relative to the file, honouring #pragma once and guards', () => {
    const files = { '/p/inc/a.h': '#pragma once\nint a;\n#include "b.h"\n', '/p/inc/b.h': '#ifndef B\n#define B\nint b;\n#endif\n' };
    expect(out('#include "inc/a.h"\n#include "inc/a.h"\n#include "inc/b.h"\nint c;', files)).toBe('int a ; int b ; int c ;');
    const missing = pp('#include "nope.h"\n');
    expect(missing.diagnostics[0]).toMatchObject({ severity: 'error', message: expect.stringContaining('nope.h') });
  });

  it('resolves <...> to the built-in headers and warns about unknown ones', () => {
    const r = pp('#include <linux/if_ether.h>\nint x = ETH_P_IPV6 + ETH_HLEN;\n#include <not/there.h>\n');
    expect(r.text).toMatch(/34525 \+ 14/); // ETH_P_IPV6 from the helper database
    expect(r.diagnostics.some((d) => d.severity === 'warning' && d.message.includes('not/there.h'))).toBe(true);
  });

  it('reports #error and takes -D definitions', () => {
    expect(pp('#ifndef X\n#error need X\n#endif\n').diagnostics[0].message).toBe('#error need X');
    expect(pp('#ifndef X\n#error need X\n#endif\nint v = X;', {}, { X: '5' }).text.replace(/\s+/g, ' ').trim()).toBe('int v = 5 ;');
  });

  it('lifts __attribute__ out of the text, keeping where it stood', () => {
    const r = pp('struct s { int a; } __attribute__((packed, aligned(4)));');
    expect(r.text).not.toContain('__attribute__');
    expect(r.attributes).toHaveLength(1);
    expect(r.attributes[0].items).toEqual([{ name: 'packed' }, { name: 'aligned', args: ['4'] }]);
  });

  it('maps output tokens back to the user text, macro expansions to their use', () => {
    const src = '#define TWICE(x) ((x) + (x))\nint v =\n  TWICE(y);\n';
    const r = pp(src);
    const at = r.text.indexOf('+');
    const span = r.map.span(at, at + 1)!;
    expect(src.slice(span.start, span.end)).toBe('TWICE(y)');
    const y = r.text.indexOf('y');
    const ys = r.map.span(y, y + 1)!;
    expect(src.slice(ys.start, ys.end)).toBe('y');
    expect(ys.start).toBe(src.indexOf('(y)') + 1);
  });

  it('records #pragma pack', () => {
    const r = pp('#pragma pack(push, 1)\nstruct a { char c; int i; };\n#pragma pack(pop)\n');
    expect(r.packs.map((p) => p.value)).toEqual([1, 0]);
  });
});
