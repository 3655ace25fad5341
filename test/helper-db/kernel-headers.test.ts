/**
 * Cross-checks the committed database against the kernel UAPI header and libbpf's
 * helper declarations when they are installed (Debian linux-libc-dev, libbpf-dev).
 * Without them the checks are skipped, and the skip is printed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractConstants, extractHelperDecls } from '../../helper-db/gen/c-enums.ts';
import { helperIndex } from '../../server/src/helpers/database.ts';

const BPF_H = '/usr/include/linux/bpf.h';
const DEFS_H = '/usr/include/bpf/bpf_helper_defs.h';
const haveHeaders = existsSync(BPF_H) && existsSync(DEFS_H);
if (!haveHeaders) {
  console.warn(`SKIPPED: header cross-check needs ${BPF_H} and ${DEFS_H} (apt-get install linux-libc-dev libbpf-dev)`);
}
const db = helperIndex();

describe.skipIf(!haveHeaders)('against the installed headers', () => {
  it('every helper in bpf_helper_defs.h has our id, name, return type and parameters', () => {
    const decls = extractHelperDecls(readFileSync(DEFS_H, 'utf8'));
    expect(decls.length).toBeGreaterThan(150);
    for (const d of decls) {
      const h = db.helperById(d.id);
      expect(h?.name, `id ${d.id}`).toBe(d.name);
      expect(h!.returnType, d.name).toBe(d.returnType);
      const ours = h!.params.map((p) => ({ name: p.name, type: p.type }));
      if (h!.variadic) ours.push({ name: '...', type: '...' });
      expect(ours, d.name).toEqual(d.params);
    }
  });

  it('every helper id in enum bpf_func_id matches', () => {
    const text = readFileSync(BPF_H, 'utf8');
    const ids = [...text.matchAll(/FN\((\w+),\s*(\d+),/g)];
    const list = ids.length ? ids.map((m) => [`bpf_${m[1]}`, Number(m[2])] as const) : [];
    if (list.length === 0) {
      // Older headers list FN(name) in order without numbers.
      const mapper = text.slice(text.indexOf('#define __BPF_FUNC_MAPPER'), text.indexOf('/* integer value in'));
      [...mapper.matchAll(/FN\((\w+)\)/g)].forEach((m, i) => list.push([`bpf_${m[1]}`, i] as const));
    }
    expect(list.length).toBeGreaterThan(200);
    for (const [name, id] of list) if (id > 0) expect(db.helperById(id)?.name, `id ${id}`).toBe(name);
  });

  it('every constant value matches the header', () => {
    const header = new Map(extractConstants(readFileSync(BPF_H, 'utf8')).map((c) => [c.name, c.value]));
    let compared = 0;
    for (const c of db.constants) {
      if (!header.has(c.name)) continue;
      expect(String(c.value), c.name).toBe(header.get(c.name)!.toString());
      compared++;
    }
    for (const h of db.helpers) {
      for (const p of h.params) {
        for (const c of p.flags?.constants ?? []) {
          if (header.has(c.name)) expect(String(c.value), `${h.name}: ${c.name}`).toBe(header.get(c.name)!.toString());
        }
      }
    }
    expect(compared).toBeGreaterThan(200);
  });
});
