/** `bpfls helpers`, run as the built binary. */
import { describe, expect, it } from 'vitest';
import { helperIndex } from '../../server/src/helpers/database.ts';
import { helperSignature } from '../../server/src/helpers/card.ts';
import { runCli } from '../support/run-cli.ts';

describe('bpfls helpers', () => {
  it('prints one card in English', () => {
    const r = runCli(['helpers', 'bpf_xdp_adjust_head']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('long bpf_xdp_adjust_head(struct xdp_md *xdp_md, int delta)');
    expect(r.stdout).toContain('Changes packet data');
    expect(r.stdout).toMatch(/Since kernel: 4\.10/);
    expect(r.stdout).toMatch(/Program types: xdp/);
  });

  it('prints the card in Simplified Chinese with --locale zh-CN', () => {
    const r = runCli(['helpers', 'bpf_map_lookup_elem', '--locale', 'zh-CN']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('参数');
    expect(r.stdout).toContain('返回值');
    expect(r.stdout).toContain(helperIndex().helper('bpf_map_lookup_elem')!.docs.summary.zh);
  });

  it('follows LANG when no --locale is given', () => {
    const r = runCli(['helpers', 'bpf_ktime_get_ns'], { LANG: 'zh_CN.UTF-8' });
    expect(r.stdout).toContain('引入内核版本');
  });

  it('accepts a name without the bpf_ prefix', () => {
    expect(runCli(['helpers', 'map_update_elem']).stdout).toContain('bpf_map_update_elem(');
  });

  it('prints the database entry as JSON', () => {
    const r = runCli(['helpers', 'bpf_redirect', '--format', 'json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(helperIndex().helper('bpf_redirect'));
  });

  it('prints every helper when no name is given', () => {
    const json = runCli(['helpers', '--format=json']);
    expect(JSON.parse(json.stdout)).toHaveLength(211);
    const text = runCli(['helpers']);
    expect(text.code).toBe(0);
    const lines = new Set(text.stdout.split('\n'));
    expect(helperIndex().helpers.filter((h) => lines.has(helperSignature(h)))).toHaveLength(211);
  });

  it('rejects an unknown helper with the closest matches and exit 2', () => {
    const r = runCli(['helpers', 'bpf_xdp_ajdust_head']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('unknown helper "bpf_xdp_ajdust_head"');
    expect(r.stderr).toContain('bpf_xdp_adjust_head');
  });

  it('rejects bad options with exit 2', () => {
    expect(runCli(['helpers', '--format', 'yaml']).code).toBe(2);
    expect(runCli(['helpers', '--colour']).code).toBe(2);
    expect(runCli(['frobnicate']).code).toBe(2);
  });
});
