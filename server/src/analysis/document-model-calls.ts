/**
 * Call sites (helpers are plain calls: `bpf_map_lookup_elem(&m, &k)`) and
 * field accesses, with the function they are in. Texts are the user's text.
 */
import type { Node } from 'web-tree-sitter';
import type { ModelContext } from './document-model-context.ts';
import type { CallSite, FieldAccess } from './document-model-types.ts';

function capture(match: { captures: { name: string; node: Node }[] }, name: string): Node | undefined {
  return match.captures.find((c) => c.name === name)?.node;
}

function inFunction(ctx: ModelContext, n: Node): string | undefined {
  return ctx.functionAt(n.startIndex)?.name;
}

export function collectCalls(ctx: ModelContext): CallSite[] {
  const out: CallSite[] = [];
  for (const m of ctx.matches('calls')) {
    const call = capture(m, 'call');
    const callee = capture(m, 'callee');
    const args = capture(m, 'arguments');
    if (!call || !callee || !args) continue;
    const fn = inFunction(ctx, call);
    // a macro with type arguments: the tree holds only the type's last identifier, the record the whole type
    const typeArgs = ctx.doc.recordsIn(callee.startIndex, callee.endIndex).find((r) => r.kind === 'type-argument' && r.nameRange.start === callee.startIndex);
    out.push({
      callee: ctx.doc.slice(callee.startIndex, callee.endIndex),
      calleeSpan: ctx.span(callee),
      span: ctx.span(call),
      args:
        typeArgs?.kind === 'type-argument'
          ? typeArgs.args.map((a) => ({ text: a.text, span: ctx.rangeSpan(a.range) }))
          : args.namedChildren
              .filter((a): a is Node => a !== null && a.type !== 'comment')
              .map((a) => ({ text: ctx.doc.slice(a.startIndex, a.endIndex), span: ctx.span(a) })),
      ...(fn !== undefined ? { inFunction: fn } : {}),
    });
  }
  return out.sort((a, b) => a.span.start - b.span.start);
}

export function collectFieldAccesses(ctx: ModelContext): FieldAccess[] {
  const out: FieldAccess[] = [];
  for (const m of ctx.matches('field-accesses')) {
    const access = capture(m, 'access');
    const object = capture(m, 'object');
    const field = capture(m, 'field');
    if (!access || !object || !field) continue;
    const op = access.childForFieldName('operator')?.type === '->' ? '->' : '.';
    const fn = inFunction(ctx, access);
    out.push({
      object: ctx.doc.slice(object.startIndex, object.endIndex),
      field: field.text,
      operator: op,
      span: ctx.span(access),
      fieldSpan: ctx.span(field),
      ...(fn !== undefined ? { inFunction: fn } : {}),
    });
  }
  return out.sort((a, b) => a.span.start - b.span.start);
}
