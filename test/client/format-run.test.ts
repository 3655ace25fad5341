/** The "BPF Run" output of the VS Code extension (client/src/format-run.ts). */
import { describe, expect, it } from 'vitest';
import { formatRunResult, hexdump, plainTranslate } from '../../client/src/format-run.ts';
import { BUILTIN_PACKETS, type RunProgramResult } from '../../client/src/protocol.ts';

const result: RunProgramResult = {
  function: 'xdp_main',
  section: 'xdp',
  retval: 2,
  action: 'XDP_PASS',
  packetHex: '00112233445566778899aabbccddeeff0800',
  redirect: null,
  maps: {
    pkt_count: { type: 'BPF_MAP_TYPE_ARRAY', entries: [{ key: '0', value: '1' }] },
    per_cpu: { type: 'BPF_MAP_TYPE_PERCPU_ARRAY', entries: [{ key: '00000000', values: ['01', '02'] }] },
    tx_ports: { type: 'BPF_MAP_TYPE_DEVMAP', entries: [] },
  },
  trace: ['seen proto 6'],
  fault: null,
  steps: 42,
};

describe('hexdump', () => {
  it('prints 16 bytes a line with offsets', () => {
    expect(hexdump('00112233445566778899aabbccddeeff0800')).toEqual([
      '0000  00 11 22 33 44 55 66 77  88 99 aa bb cc dd ee ff',
      '0010  08 00',
    ]);
    expect(hexdump('')).toEqual([]);
  });
});

describe('formatRunResult', () => {
  it('shows the return value, action, packet, maps and trace', () => {
    const text = formatRunResult(result, { fileName: 'x.bpf.c', packet: 'builtin:ipv4-tcp-syn' });
    expect(text).toContain('Run xdp_main (SEC "xdp") from x.bpf.c on builtin:ipv4-tcp-syn');
    expect(text).toContain('Return value: 2 (XDP_PASS)');
    expect(text).toContain('Steps: 42');
    expect(text).toContain('Packet after the run (18 bytes)');
    expect(text).toContain('pkt_count (BPF_MAP_TYPE_ARRAY):');
    expect(text).toContain('0 => 1');
    expect(text).toContain('tx_ports (BPF_MAP_TYPE_DEVMAP): empty');
    expect(text).toContain('00000000 => 01 | 02');
    expect(text).toContain('seen proto 6');
    expect(text).not.toContain('Fault');
  });

  it('shows a fault with its 1-based position, and a redirect', () => {
    const text = formatRunResult(
      {
        ...result,
        retval: null,
        action: null,
        redirect: { kind: 'ifindex', ifindex: 3, flags: 0 },
        fault: { message: 'invalid access to packet', range: { start: { line: 9, character: 4 }, end: { line: 9, character: 10 } } },
      },
      { fileName: 'x.bpf.c', packet: 'hex:00' },
    );
    expect(text).toContain('Fault [10:5]: invalid access to packet');
    expect(text).toContain('Redirect: ifindex 3');
    expect(text).toContain('Return value: -');
  });

  it('passes every label through the translation function', () => {
    const text = formatRunResult(result, { fileName: 'x', packet: 'p' }, (m, ...a) => `<${plainTranslate(m, ...a)}>`);
    expect(text).toContain('<Return value>');
    expect(text).toContain('<Packet after the run (18 bytes)>');
  });
});

describe('packet catalogue', () => {
  it('has unique builtin names usable in a SPEC', () => {
    const names = BUILTIN_PACKETS.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
  });
});
