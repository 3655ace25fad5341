/** The packet catalogue, readers, decoder and diff (server/src/interp/packets). */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  catalogPacket, decodePacket, describe as describePackets, diffPackets, packetNames, parseHex, parseHexLines,
  readPacketBytes, readPcap, readPcapng, resolvePacketSpec, toHex,
} from '../../server/src/interp/packets/index.ts';
import type { DecodedPacket, ReadResult } from '../../server/src/interp/packets/index.ts';

const field = (d: DecodedPacket, name: string): string | number | undefined => d.fields.find((f) => f.name === name)?.value;
const okPackets = (r: ReadResult): Uint8Array[] => {
  if (!r.ok) throw new Error(r.error);
  return r.packets.map((p) => p.bytes);
};

// ---- a tiny pcap / pcapng writer (the reader's test oracle) ----
const cat = (parts: Uint8Array[]): Uint8Array => new Uint8Array(Buffer.concat(parts));
function pcapFile(packets: Uint8Array[], le: boolean, nano: boolean, linkType = 1): Uint8Array {
  const parts: Uint8Array[] = [];
  const hdr = new DataView(new ArrayBuffer(24));
  hdr.setUint32(0, nano ? 0xa1b23c4d : 0xa1b2c3d4, le);
  hdr.setUint16(4, 2, le);
  hdr.setUint16(6, 4, le);
  hdr.setUint32(16, 65535, le);
  hdr.setUint32(20, linkType, le);
  parts.push(new Uint8Array(hdr.buffer));
  packets.forEach((p, i) => {
    const rec = new DataView(new ArrayBuffer(16));
    rec.setUint32(0, 1_700_000_000 + i, le);
    rec.setUint32(4, nano ? 123_456_789 : 123_456, le);
    rec.setUint32(8, p.length, le);
    rec.setUint32(12, p.length, le);
    parts.push(new Uint8Array(rec.buffer), p);
  });
  return cat(parts);
}

function block(type: number, body: Uint8Array, le: boolean): Uint8Array {
  const padded = (body.length + 3) & ~3;
  const len = 12 + padded;
  const dv = new DataView(new ArrayBuffer(len));
  dv.setUint32(0, type, le);
  dv.setUint32(4, len, le);
  new Uint8Array(dv.buffer).set(body, 8);
  dv.setUint32(len - 4, len, le);
  return new Uint8Array(dv.buffer);
}

function u32s(le: boolean, ...vals: number[]): Uint8Array {
  const dv = new DataView(new ArrayBuffer(4 * vals.length));
  vals.forEach((v, i) => dv.setUint32(4 * i, v, le));
  return new Uint8Array(dv.buffer);
}

/** One section: SHB, an IDB (nanosecond resolution), EPBs for all but the last packet, an SPB for the last. */
function pcapngSection(packets: Uint8Array[], le: boolean): Uint8Array {
  const shbBody = new DataView(new ArrayBuffer(16));
  shbBody.setUint32(0, 0x1a2b3c4d, le);
  shbBody.setUint16(4, 1, le);
  shbBody.setBigInt64(8, -1n, le);
  const idbBody = new DataView(new ArrayBuffer(16));
  idbBody.setUint16(0, 1, le);
  idbBody.setUint32(4, 0, le);
  idbBody.setUint16(8, 9, le); // if_tsresol = 10^-9
  idbBody.setUint16(10, 1, le);
  idbBody.setUint8(12, 9);
  const blocks = [block(0x0a0d0d0a, new Uint8Array(shbBody.buffer), le), block(1, new Uint8Array(idbBody.buffer), le)];
  blocks.push(block(5, u32s(le, 0, 0, 0), le)); // an interface statistics block, to be skipped
  packets.forEach((p, i) => {
    if (i === packets.length - 1) blocks.push(block(3, cat([u32s(le, p.length), p]), le));
    else {
      const ts = 1_700_000_000_000_000_000n + BigInt(i) * 1_000_000n + 5n;
      const body = cat([u32s(le, 0, Number(ts >> 32n), Number(ts & 0xffffffffn), p.length, p.length), p]);
      blocks.push(block(6, body, le));
    }
  });
  return cat(blocks);
}

describe('packet catalogue', () => {
  const names = packetNames();

  it('has the expected packets, each described in English and Chinese', () => {
    for (const n of [
      'ipv4-tcp-syn', 'ipv4-tcp-data', 'ipv4-udp-dns', 'ipv4-icmp-echo', 'ipv6-tcp-syn', 'ipv6-udp', 'ipv6-icmp-echo',
      'vlan-ipv4-udp', 'qinq-ipv4-udp', 'arp-request', 'ipv4-options', 'ipv6-ext-tcp', 'ipv6-ext-frag-udp',
      'ipv4-frag-first', 'ipv4-frag-last', 'eth-only', 'ipv4-truncated', 'ipv4-bad-ihl', 'ipv4-bad-totlen', 'ipv4-tcp-1500',
    ]) expect(names).toContain(n);
    expect(new Set(names).size).toBe(names.length);
    for (const d of describePackets()) {
      expect(d.description.en.length).toBeGreaterThan(10);
      expect(d.description.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(d.length).toBe(catalogPacket(d.name)!.length);
    }
  });

  it('builds the same bytes every time and hands out copies', () => {
    for (const n of names) expect(toHex(catalogPacket(n)!)).toBe(toHex(catalogPacket(n)!));
    const a = catalogPacket('ipv4-tcp-syn')!;
    a[0] = 0x99;
    expect(catalogPacket('ipv4-tcp-syn')![0]).not.toBe(0x99);
    expect(catalogPacket('no-such-packet')).toBeUndefined();
  });

  it.each(describePackets().map((d) => [d.name, d.malformed] as const))('%s decodes (malformed: %s)', (name, malformed) => {
    const d = decodePacket(catalogPacket(name)!);
    if (malformed) {
      expect(d.malformed).toBe(true);
      expect(d.problems.length).toBeGreaterThan(0);
      return;
    }
    expect(d.problems).toEqual([]);
    expect(d.checksums.filter((c) => c.status === 'invalid')).toEqual([]);
    expect(d.checksums.filter((c) => c.status === 'valid').length).toBeGreaterThan(name === 'arp-request' ? -1 : 0);
    if (!name.startsWith('ipv4-frag')) expect(d.checksums.every((c) => c.status === 'valid')).toBe(true);
  });

  it('decodes the interesting details', () => {
    const opt = decodePacket(catalogPacket('ipv4-options')!);
    expect(field(opt, 'ip.ihl')).toBe(8);
    expect(field(opt, 'ip.options')).toBe('RA,NOP,RR');
    const ext = decodePacket(catalogPacket('ipv6-ext-tcp')!);
    expect(ext.layers.map((l) => l.name)).toEqual(['eth', 'ip6', 'ip6.hbh', 'ip6.rt', 'ip6.dstopt', 'tcp']);
    expect(field(ext, 'tcp.offset')).toBeUndefined();
    expect(field(ext, 'tcp.opt.mss')).toBe(1440);
    const frag6 = decodePacket(catalogPacket('ipv6-ext-frag-udp')!);
    expect(frag6.layers.map((l) => l.name)).toContain('ip6.frag');
    const qinq = decodePacket(catalogPacket('qinq-ipv4-udp')!);
    expect([field(qinq, 'vlan.id'), field(qinq, 'vlan2.id'), field(qinq, 'eth.h_proto')]).toEqual([200, 100, 0x88a8]);
    const first = decodePacket(catalogPacket('ipv4-frag-first')!);
    expect([field(first, 'ip.mf'), field(first, 'ip.frag_offset'), field(first, 'udp.len')]).toEqual([1, 0, 1608]);
    const last = decodePacket(catalogPacket('ipv4-frag-last')!);
    expect([field(last, 'ip.mf'), field(last, 'ip.frag_offset')]).toEqual([0, 1480]);
    expect(last.layers.map((l) => l.name)).not.toContain('udp');
    expect(field(decodePacket(catalogPacket('ipv4-tcp-1500')!), 'ip.tot_len')).toBe(1500);
    const arp = decodePacket(catalogPacket('arp-request')!);
    expect([field(arp, 'arp.ar_op'), field(arp, 'arp.ar_tip'), arp.length]).toEqual([1, '192.168.1.1', 60]);
    expect(decodePacket(catalogPacket('ipv4-bad-ihl')!).problems).toEqual(['ip.ihl 3 < 5']);
    expect(decodePacket(catalogPacket('ipv4-bad-totlen')!).problems[0]).toMatch(/tot_len 1000/);
    expect(decodePacket(catalogPacket('ipv4-tcp-syn')!).summary).toBe('eth / ip 192.168.1.100 > 93.184.216.34 / tcp 51234 > 80 [SYN]');
  });

  it('never throws on cut-short or random bytes', () => {
    for (const n of names) {
      const b = catalogPacket(n)!;
      for (let len = 0; len <= Math.min(b.length, 160); len++) expect(() => decodePacket(b.subarray(0, len))).not.toThrow();
    }
    let seed = 12345;
    for (let i = 0; i < 300; i++) {
      const b = new Uint8Array(20 + (i % 90));
      for (let j = 0; j < b.length; j++) b[j] = (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
      if (i % 3 === 0) b.set([0x08, 0x00], 12);
      if (i % 3 === 1) b.set([0x86, 0xdd], 12);
      expect(() => decodePacket(b)).not.toThrow();
    }
  });
});

describe('packet diff', () => {
  it('names changed fields and checksum validity', () => {
    const a = catalogPacket('ipv4-udp-dns')!;
    const b = a.slice();
    b[22] -= 1; // ttl
    b[24] += 1; // checksum high byte: the incremental fix for ttl-1 in the high byte
    const texts = diffPackets(a, b).map((c) => c.text);
    expect(texts).toContain('ip.ttl 64 -> 63');
    expect(texts.find((t) => t.startsWith('ip.check'))).toMatch(/^ip\.check valid -> valid \(0x[0-9a-f]{4} -> 0x[0-9a-f]{4}\)$/);
    expect(diffPackets(a, a)).toEqual([]);
  });

  it('reports an unfixed checksum and removed headers', () => {
    const a = catalogPacket('ipv4-tcp-syn')!;
    const b = a.slice();
    b[22] = 1;
    expect(diffPackets(a, b).map((c) => c.text)).toEqual(['ip.ttl 64 -> 1', expect.stringMatching(/^ip\.check valid -> invalid/)]);
    const tagged = catalogPacket('vlan-ipv4-udp')!;
    const untagged = cat([tagged.subarray(0, 12), tagged.subarray(16)]);
    const changes = diffPackets(tagged, untagged);
    expect(changes.find((c) => c.field === 'vlan.id')?.text).toBe('vlan.id 100 -> (absent)');
    expect(changes.find((c) => c.field === 'eth.h_proto')?.text).toBe('eth.h_proto 0x8100 802.1Q -> 0x0800 IPv4');
    const syn = catalogPacket('ipv4-tcp-syn')!;
    const synAck = syn.slice();
    synAck[47] = 0x12;
    expect(diffPackets(syn, synAck).map((c) => c.field)).toEqual(['tcp.flags', 'tcp.check']);
  });
});

describe('packet readers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bpfls-packets-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const all = packetNames().map((n) => catalogPacket(n)!);

  it('reads hex in its usual spellings and explains bad hex', () => {
    const syn = catalogPacket('ipv4-tcp-syn')!;
    const hex = toHex(syn);
    const spaced = hex.replace(/(..)/g, '$1 ');
    const colons = hex.replace(/(..)(?!$)/g, '$1:');
    for (const s of [`hex:${hex}`, spaced, colons, `0x${hex}`, `HEX:${hex.toUpperCase()}\n`]) expect(okPackets(parseHex(s))).toEqual([syn]);
    expect(parseHex('hex:0011 2')).toMatchObject({ ok: false, error: expect.stringMatching(/odd number/) });
    expect(parseHex('hex:00zz')).toMatchObject({ ok: false, error: expect.stringMatching(/not a hex digit: 'z'/) });
    expect(parseHex('hex:')).toMatchObject({ ok: false, error: 'empty hex packet' });
    expect(okPackets(parseHexLines(`# two packets\n${hex}\n\n${toHex(all[1]!)}\n`))).toEqual([syn, all[1]]);
    expect(parseHexLines('00 11\nxyz')).toMatchObject({ ok: false, error: expect.stringMatching(/^line 2:/) });
  });

  it('resolves catalogue names and hex specs', () => {
    expect(okPackets(resolvePacketSpec('ipv6-udp')!)).toEqual([catalogPacket('ipv6-udp')]);
    expect(okPackets(resolvePacketSpec('hex:ffff ffff ffff 0000 0000 0000 0800')!)[0]!.length).toBe(14);
    expect(resolvePacketSpec('ipv4-tcp-synn')).toMatchObject({ ok: false, error: expect.stringMatching(/did you mean ipv4-tcp-syn/) });
    expect(resolvePacketSpec('capture.pcap')).toBeNull();
  });

  it('reads a raw .bin file', () => {
    const f = join(dir, 'syn.bin');
    writeFileSync(f, all[0]!);
    const r = readPacketBytes(readFileSync(f), f);
    expect(r.ok && r.format).toBe('raw');
    expect(okPackets(r)).toEqual([all[0]]);
    expect(readPacketBytes(new Uint8Array(0), 'empty.bin')).toMatchObject({ ok: false });
  });

  it.each([
    ['little-endian µs', true, false],
    ['big-endian µs', false, false],
    ['little-endian ns', true, true],
    ['big-endian ns', false, true],
  ])('round-trips every catalogue packet through a pcap file (%s)', (_label, le, nano) => {
    const f = join(dir, `all-${le ? 'le' : 'be'}-${nano ? 'ns' : 'us'}.pcap`);
    writeFileSync(f, pcapFile(all, le, nano));
    const r = readPacketBytes(readFileSync(f), f);
    expect(r.ok && r.format).toBe('pcap');
    expect(okPackets(r)).toEqual(all);
    if (r.ok) expect(r.packets[2]!.timestamp).toEqual({ seconds: 1_700_000_002, nanoseconds: nano ? 123_456_789 : 123_456_000 });
  });

  it('explains broken pcap files', () => {
    const good = pcapFile(all.slice(0, 3), true, false);
    expect(readPcap(good.subarray(0, 10))).toMatchObject({ ok: false, error: expect.stringMatching(/too short/) });
    expect(readPcap(good.subarray(0, good.length - 5))).toMatchObject({ ok: false, error: expect.stringMatching(/packet 3: data cut short/) });
    expect(readPcap(pcapFile(all.slice(0, 1), true, false, 101))).toMatchObject({ ok: false, error: expect.stringMatching(/link type 101/) });
    expect(readPcap(new Uint8Array(24))).toMatchObject({ ok: false, error: expect.stringMatching(/not a pcap file/) });
  });

  it.each([true, false])('round-trips every catalogue packet through a pcapng file (little-endian %s)', (le) => {
    const f = join(dir, `all-${le}.pcapng`);
    // Two sections, the second in the other byte order, to check the reader follows each SHB.
    writeFileSync(f, cat([pcapngSection(all.slice(0, 7), le), pcapngSection(all.slice(7), !le)]));
    const r = readPacketBytes(readFileSync(f), f);
    expect(r.ok && r.format).toBe('pcapng');
    expect(okPackets(r)).toEqual(all);
    if (r.ok) expect(r.packets[1]!.timestamp).toEqual({ seconds: 1_700_000_000, nanoseconds: 1_000_005 });
  });

  it('explains broken pcapng files', () => {
    const good = pcapngSection(all.slice(0, 3), true);
    expect(readPcapng(good.subarray(0, good.length - 8))).toMatchObject({ ok: false, error: expect.stringMatching(/cut short/) });
    const badLen = good.slice();
    new DataView(badLen.buffer).setUint32(4, 13, true);
    expect(readPcapng(badLen)).toMatchObject({ ok: false, error: expect.stringMatching(/bad block length 13/) });
    const noIdb = cat([good.subarray(0, 28), block(6, cat([u32s(true, 0, 0, 0, 4, 4), Uint8Array.of(1, 2, 3, 4)]), true)]);
    expect(readPcapng(noIdb)).toMatchObject({ ok: false, error: expect.stringMatching(/interface 0, but only 0/) });
  });

  it('never throws on garbage', () => {
    let seed = 99;
    const magics = [[0xd4, 0xc3, 0xb2, 0xa1], [0x0a, 0x0d, 0x0d, 0x0a], [0xa1, 0xb2, 0x3c, 0x4d], [0x30, 0x30]];
    for (let i = 0; i < 400; i++) {
      const b = new Uint8Array(i % 97);
      for (let j = 0; j < b.length; j++) b[j] = (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
      b.set(magics[i % 4]!.slice(0, b.length));
      expect(() => readPacketBytes(b, i % 2 ? 'x.pcap' : 'x')).not.toThrow();
    }
    const pcap = pcapFile(all.slice(0, 2), true, true);
    for (let len = 0; len < pcap.length; len += 7) expect(() => readPacketBytes(pcap.subarray(0, len))).not.toThrow();
  });
});
