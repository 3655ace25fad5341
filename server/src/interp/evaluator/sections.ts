/** Laying out global variables in their data sections the way clang emits them. */
import { alignOf, alignUp } from '../types/ctypes.ts';
import type { Compiler, DataSection, FunctionEntry, GlobalDef } from './compiler.ts';

/**
 * Places globals in their sections in the order clang emits them: initialised
 * non-static globals where they are defined, the rest when first referenced
 * (functions in source order, static functions after them in order of first
 * call), unreferenced tentative definitions last.
 */
export function layoutSections(c: Compiler): void {
  const order: GlobalDef[] = [];
  const placed = new Set<GlobalDef>();
  const add = (g: GlobalDef): void => {
    if (!placed.has(g)) {
      placed.add(g);
      order.push(g);
    }
  };
  const queued = new Set<string>();
  const deferred: FunctionEntry[] = [];
  const visit = (e: FunctionEntry): void => {
    for (const g of e.globalsUsed) add(g);
    for (const callee of e.callees) {
      const ce = c.functions.get(callee);
      if (ce && ce.isStatic && !queued.has(callee)) {
        queued.add(callee);
        deferred.push(ce);
      }
    }
  };
  for (const it of c.items) {
    if (it.k === 'global' && !it.g.isStatic && it.g.hasInit) add(it.g);
    if (it.k === 'func' && !it.e.isStatic) visit(it.e);
  }
  while (deferred.length) visit(deferred.shift()!);
  for (const g of c.globals) if (!g.isStatic && !g.hasInit) add(g);
  for (const g of c.globals) add(g);
  const sections = new Map<string, DataSection>();
  for (const g of order) {
    let sec = sections.get(g.section);
    if (!sec) {
      sec = { name: g.section, size: 0, readOnly: g.section.startsWith('.rodata'), vars: [], consts: [] };
      sections.set(g.section, sec);
    }
    const align = alignOf(g.type);
    g.offset = alignUp(sec.size, align);
    sec.size = g.offset + g.init.length;
    sec.vars.push(g);
  }
  for (const k of c.constPool) {
    let sec = sections.get(k.section);
    if (!sec) {
      sec = { name: k.section, size: 0, readOnly: true, vars: [], consts: [] };
      sections.set(k.section, sec);
    }
    if (sec.consts.some((x) => x.bytes.length === k.bytes.length && x.bytes.every((b, i) => b === k.bytes[i]))) continue;
    const off = alignUp(sec.size, Math.min(16, k.bytes.length));
    sec.consts.push({ offset: off, bytes: k.bytes });
    sec.size = off + k.bytes.length;
  }
  c.sections = [...sections.values()];
  c.sections.forEach((sec, i) => sec.vars.forEach((g) => (g.sectionIndex = i)));
}
