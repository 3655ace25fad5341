import { describe, expect, it } from 'vitest';
import { evaluateConstant, parseNumber, sizeOfType } from '../../server/src/analysis/const-eval.ts';

describe('constant expressions', () => {
  const macros: Record<string, string> = { MAX: '(1 << 10)', TWICE: 'MAX * 2', SELF: 'SELF + 1', KB: '1024' };
  const lookup = (n: string): string | undefined => macros[n];
  const cases: [string, number | undefined][] = [
    ['1 << 10', 1024],
    ['256 * 1024', 262144],
    ['0x10 | 0x01', 17],
    ['010', 8],
    ['0b101', 5],
    ['4096UL', 4096],
    ['MAX', 1024],
    ['TWICE + 1', 2049],
    ['64 * KB', 65536],
    ['sizeof(__u32)', 4],
    ['sizeof(struct foo *)', 8],
    ['sizeof(struct foo)', undefined],
    ['(__u32)5', 5],
    ['-1', -1],
    ['1 ? 2 : 3', 2],
    ['10 / 0', undefined],
    ['SELF', undefined],
    ['UNKNOWN', undefined],
    ['BPF_MAP_TYPE_HASH', undefined],
    ['1 +', undefined],
    ['', undefined],
  ];
  for (const [text, want] of cases) it(JSON.stringify(text), () => expect(evaluateConstant(text, lookup)).toBe(want));

  it('numbers and sizes', () => {
    expect(parseNumber('0xffffffff')).toBe(4294967295);
    expect(parseNumber('12abc')).toBeUndefined();
    expect(sizeOfType('const volatile __u64')).toBe(8);
    expect(sizeOfType('unsigned   int')).toBe(4);
  });
});
