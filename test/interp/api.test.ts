/** The public API: errors are data, state carries over, line values, checksum arithmetic. */
import { describe, expect, it } from 'vitest';
import { csumFold, csumPartial, csumReplace2, csumReplace4 } from '../../server/src/interp/helpers/csum.ts';
import { catalogPacket } from '../../server/src/interp/packets/index.ts';
import { createState, prepareProgram, runPacket, runPackets } from '../../server/src/interp/run.ts';

const COUNTER = `#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} n SEC(".maps");
SEC("xdp")
int count(struct xdp_md *ctx)
{
	__u32 k = 0;
	__u32 *v = bpf_map_lookup_elem(&n, &k);
	if (!v)
		return XDP_ABORTED;
	__u32 seen = *v + 1;
	*v = seen;
	return seen > 2 ? XDP_DROP : XDP_PASS;
}
char LICENSE[] SEC("license") = "GPL";
`;

const pkt = catalogPacket('ipv4-tcp-syn')!;

describe('interpreter API', () => {
  it('carries map state across a sequence of packets', async () => {
    const p = await prepareProgram(COUNTER, { path: 'count.bpf.c' });
    expect(p.ok).toBe(true);
    expect(p.programs).toEqual([{ function: 'count', section: 'xdp', type: 'xdp' }]);
    const rs = runPackets(p, [pkt, pkt, pkt], { section: 'xdp' });
    expect(rs.map((r) => r.action)).toEqual(['XDP_PASS', 'XDP_PASS', 'XDP_DROP']);
    expect(rs[2].maps.n.entries[0].value).toBe('03000000');
    const state = createState(p, { maps: { n: { type: 'BPF_MAP_TYPE_ARRAY', entries: [{ key: '00000000', value: '05000000' }] } } });
    expect(runPacket(p, { packet: pkt, state }).action).toBe('XDP_DROP');
  });

  it('records the values assigned per line', async () => {
    const p = await prepareProgram(COUNTER, { path: 'count.bpf.c' });
    const r = runPacket(p, { packet: pkt });
    expect(r.lineValues[15]).toEqual([{ name: 'seen', value: '1' }]);
    expect(r.lineValues[16]).toEqual([{ name: '*v', value: '1' }]);
    expect(r.lineValues[12]).toEqual([{ name: 'v', value: 'n+0' }]);
  });

  it('returns problems as data and never throws', async () => {
    const bad = await prepareProgram('int f( {', { path: 'bad.c' });
    expect(bad.ok).toBe(false);
    expect(bad.diagnostics[0].severity).toBe('error');
    const r = runPacket(bad, { packet: pkt });
    expect(r.fault?.kind).toBe('compile');
    const line = 'SEC("xdp") int f(struct xdp_md *c) { return nope; }';
    const undeclared = await prepareProgram(`#include <linux/bpf.h>\n#include <bpf/bpf_helpers.h>\n${line}`, { path: 'u.c' });
    expect(undeclared.diagnostics.map((d) => d.message)).toEqual(['use of undeclared identifier "nope"']);
    expect(undeclared.diagnostics[0].range.start).toEqual({ line: 2, character: line.indexOf('nope') });
    const p = await prepareProgram(COUNTER, { path: 'count.bpf.c' });
    expect(runPacket(p, { packet: new Uint8Array(3) }).fault?.message).toContain('too short');
    expect(runPacket(p, { packet: pkt, function: 'nope' }).fault?.message).toContain('no function "nope"');
    expect(runPacket(p, { packet: pkt, maps: { zz: { type: 'x', entries: [] } } }).fault?.message).toContain('not defined');
    expect(runPacket(p, { packet: pkt, stepLimit: 3 }).fault?.kind).toBe('step-limit');
  });

  it('refuses programs of types it cannot run', async () => {
    const p = await prepareProgram('#include <linux/bpf.h>\n#include <bpf/bpf_helpers.h>\nSEC("kprobe/do_sys_open") int k(void *ctx) { return 0; }\n', { path: 'k.c' });
    expect(runPacket(p, { packet: pkt }).fault?.message).toContain('cannot be run on packets');
  });

  it('computes checksums like the kernel', () => {
    const hdr = Uint8Array.from(Buffer.from('45000039 9a110000 40111c95 c0a80164 01010101'.replace(/ /g, ''), 'hex'));
    expect(csumFold(csumPartial(hdr, 0))).toBe(0); // a valid header sums to 0xffff
    // TTL 64 -> 63 with the IP checksum as it sits in memory (0x951c little-endian)
    expect(csumReplace2(0x951c, 0x1140, 0x113f)).toBe(0x951d);
    expect(csumReplace4(0x951c, 0x1140, 0x113f)).toBe(0x951d);
  });
});
