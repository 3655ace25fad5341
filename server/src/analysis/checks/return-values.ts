/**
 * Check 10: a program returning a value outside its type's allowed set, and the
 * hint that code after bpf_tail_call runs only when the tail call fails.
 */
import type { Node } from 'web-tree-sitter';
import { helperIndex } from '../../helpers/database.ts';
import { evaluateConstant } from '../const-eval.ts';
import type { ProgramInfo } from '../document-model-types.ts';
import type { CheckContext } from './context.ts';

function returnStatements(node: Node, out: Node[] = []): Node[] {
  if (node.type === 'return_statement') out.push(node);
  for (let i = 0; i < node.namedChildCount; i++) {
    const c = node.namedChild(i);
    if (c) returnStatements(c, out);
  }
  return out;
}

function functionNode(ctx: CheckContext, program: ProgramInfo): Node | null {
  const fn = ctx.model.functions.find((f) => f.name === program.name && f.isDefinition);
  if (!fn?.bodySpan) return null;
  const root = ctx.analysis.syntax.tree.rootNode;
  return root.descendantForIndex(fn.bodySpan.start, fn.bodySpan.end);
}

export function checkReturnValues(ctx: CheckContext): void {
  const db = helperIndex();
  const macros = new Map(ctx.model.macros.filter((m) => m.kind === 'object').map((m) => [m.name, m.value ?? '']));
  const lookup = (name: string) => macros.get(name) ?? (db.constant(name) ? String(db.constant(name)!.value) : undefined);
  for (const program of ctx.model.programs) {
    const info = program.programType ? db.programType(program.programType) : undefined;
    if (!info?.returnCodes) continue;
    const allowed = new Set(info.returnCodes.map((c) => (/^-?\d+$/.test(c) ? Number(c) : Number(db.constant(c)?.value))));
    const body = functionNode(ctx, program);
    if (!body) continue;
    for (const ret of returnStatements(body)) {
      const expr = ret.namedChild(0);
      if (!expr) continue;
      const value = evaluateConstant(ctx.analysis.text.slice(expr.startIndex, expr.endIndex), lookup);
      if (value === undefined || allowed.has(value)) continue;
      const codes = info.returnCodes.join(', ');
      ctx.report({
        code: 'bpf/return-value',
        severity: info.verifierChecked ? 'error' : 'warning',
        start: expr.startIndex,
        end: expr.endIndex,
        message: info.verifierChecked
          ? ctx.t(
              `${program.programType} programs must return one of ${codes}; ${value} is outside that range, so the verifier rejects the program ("At program exit the register R0 has ...").`,
              `${program.programType} 程序只能返回 ${codes} 之一；${value} 超出范围，校验器会拒绝该程序（"At program exit the register R0 has ..."）。`,
            )
          : ctx.t(
              `${value} is not a ${program.programType} return code (${codes}); the kernel treats an unknown code as an error and drops the packet.`,
              `${value} 不是 ${program.programType} 程序的返回码（${codes}）；内核会把未知返回码当作错误并丢弃数据包。`,
            ),
      });
    }
  }
  for (const call of ctx.model.calls) {
    if (call.callee !== 'bpf_tail_call' || ctx.hinted.has(`tail:${call.span.start}`)) continue;
    ctx.hinted.add(`tail:${call.span.start}`);
    ctx.report({
      code: 'bpf/tail-call-fallthrough',
      severity: 'hint',
      start: call.calleeSpan.start,
      end: call.calleeSpan.end,
      message: ctx.t(
        'bpf_tail_call does not return when it succeeds: the code after it runs only when the tail call fails (empty slot, or more than 33 chained calls).',
        'bpf_tail_call 成功时不会返回：其后的代码只在尾调用失败时执行（槽位为空，或链式调用超过 33 次）。',
      ),
    });
  }
}
