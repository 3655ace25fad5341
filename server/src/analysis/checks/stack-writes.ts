/**
 * Which 8-byte stack slots of a local are certainly written before a call. Only
 * writes that happen on every path count: statements at the top level of the
 * function body before the call's statement (a write inside an if, loop or
 * switch may not happen). Anything we cannot follow (the address taken and
 * passed elsewhere, memset/memcpy, a whole assignment) counts as fully written.
 * The verifier refuses only slots that are entirely unwritten, so only those are
 * reported.
 */
import type { Node } from 'web-tree-sitter';
import type { CallSite } from '../document-model-types.ts';
import type { CheckContext } from './context.ts';
import type { Layout } from './layouts.ts';
import type { LocalVar } from './locals.ts';
import { topLevelStatements, walk } from './locals.ts';

/** Offsets of the fully unwritten 8-byte slots, or undefined when unsure. */
export function unwrittenSlots(_ctx: CheckContext, fnNode: Node, local: LocalVar, layout: Layout, call: CallSite): number[] | undefined {
  const body = fnNode.childForFieldName('body');
  if (!body || !local.declaration) return undefined;
  const written = new Uint8Array(layout.size);
  let unsure = false;
  const name = local.name;
  const markField = (field: string | undefined) => {
    if (field === undefined) return written.fill(1);
    const f = layout.fields?.find((x) => x.name === field);
    if (!f) return written.fill(1);
    written.fill(1, f.offset, f.offset + f.size);
  };
  for (const stmt of topLevelStatements(body)) {
    if (stmt.endIndex <= local.declaration.startIndex) continue;
    if (stmt.startIndex >= call.span.start || stmt.endIndex > call.span.start) break;
    const unconditional = stmt.type === 'expression_statement';
    walk(stmt, (n) => {
      if (n.type === 'assignment_expression') {
        const left = n.childForFieldName('left');
        if (left?.type === 'identifier' && left.text === name) markField(undefined);
        else if (left?.type === 'field_expression' && left.childForFieldName('argument')?.text === name) {
          if (unconditional) markField(left.childForFieldName('field')?.text);
        } else if (left?.type === 'subscript_expression' && left.childForFieldName('argument')?.text === name) {
          if (unconditional) unsure = true;
        }
      }
      if (n.type === 'pointer_expression' && n.childForFieldName('argument')?.text === name && n.text.startsWith('&')) unsure = true;
      if (n.type === 'call_expression' && new RegExp(`\\b${name}\\b`).test(n.text)) unsure = true;
    });
    if (unsure) return undefined;
  }
  // Slots relative to the object's start (locals of 8 bytes or more are 8-byte aligned on the BPF stack).
  if (layout.size < 8 && layout.align < 8) return written.some((b) => b) ? [] : [0].filter(() => layout.size >= 4);
  const slots: number[] = [];
  for (let s = 0; s + 8 <= layout.size; s += 8) if (!written.slice(s, s + 8).some((b) => b)) slots.push(s);
  return slots;
}
