/**
 * Check 10: a program returning a value outside its type's allowed set, and the
 * hint that code after bpf_tail_call runs only when the tail call fails.
 */
import type { Node } from 'web-tree-sitter';
import { helperIndex } from '../../helpers/database.ts';
import { evaluateConstant } from '../const-eval.ts';
import type { ProgramInfo } from '../document-model-types.ts';
import type { CheckContext } from './context.ts';
import { objectMacros } from '../call-graph.ts';

function functionNode(ctx: CheckContext, program: ProgramInfo): Node | null {
  const fn = ctx.model.functions.find((f) => f.name === program.name && f.isDefinition);
  if (!fn?.bodySpan) return null;
  const root = ctx.analysis.syntax.tree.rootNode;
  return root.descendantForIndex(fn.bodySpan.start, fn.bodySpan.end);
}

/**
 * Return values the verifier enforces per attach type where they differ from the
 * program type's default (kernel/bpf/verifier.c check_return_code()).
 */
function allowedFor(program: ProgramInfo, codes: string[]): string[] {
  if (program.programType === 'cgroup_skb' && /egress$/.test(program.section)) return ['0', '1', '2', '3'];
  if (program.programType === 'cgroup_sock_addr' && /^cgroup\/(recvmsg|getpeername|getsockname)[46]/.test(program.section)) return ['1'];
  return codes;
}

/** Helpers whose result is an arbitrary number as far as the verifier knows. */
function unboundedResult(expr: Node, ctx: CheckContext, body: Node): string | undefined {
  const db = helperIndex();
  const text = ctx.analysis.text;
  const unbounded = (call: Node | null) => {
    const fn = call?.type === 'call_expression' ? call.childForFieldName('function')?.text : undefined;
    const h = fn ? db.helper(fn) : undefined;
    return h && ['errno', 'value-or-errno', 'value'].includes(h.returns.kind) ? h.name : undefined;
  };
  const direct = unbounded(expr);
  if (direct) return direct;
  if (expr.type === 'pointer_expression' && text[expr.startIndex] === '*') return `*${expr.childForFieldName('argument')?.text ?? ''}`;
  if (expr.type !== 'identifier') return undefined;
  const name = expr.text;
  // A variable assigned from such a helper and never compared or masked before being returned.
  const bodyText = text.slice(body.startIndex, body.endIndex);
  if (new RegExp(`(if|while)\\s*\\([^;{]*\\b${name}\\b|\\b${name}\\s*(&|%|[<>]=?|[!=]=|\\?)|(&|%|[<>]=?|[!=]=)\\s*${name}\\b`).test(bodyText)) return undefined;
  const assigns = [...bodyText.matchAll(new RegExp(`\\b${name}\\s*=(?!=)\\s*([A-Za-z_]\\w*)\\s*\\(`, 'g'))];
  const anyAssign = [...bodyText.matchAll(new RegExp(`\\b${name}\\s*=(?!=)`, 'g'))];
  if (assigns.length === 0 || assigns.length !== anyAssign.length) return undefined;
  const helpers = assigns.map((m) => db.helper(m[1]));
  if (helpers.some((h) => !h || !['errno', 'value-or-errno', 'value'].includes(h.returns.kind))) return undefined;
  return helpers[0]!.name;
}

export function checkReturnValues(ctx: CheckContext): void {
  const db = helperIndex();
  const macros = objectMacros(ctx.model);
  const lookup = (name: string) => macros.get(name) ?? (db.constant(name) ? String(db.constant(name)!.value) : undefined);
  for (const program of ctx.programs) {
    const info = program.programType ? db.programType(program.programType) : undefined;
    if (!info?.returnCodes) continue;
    const returnCodes = allowedFor(program, info.returnCodes);
    const allowed = new Set(returnCodes.map((c) => (/^-?\d+$/.test(c) ? Number(c) : Number(db.constant(c)?.value))));
    const body = functionNode(ctx, program);
    if (!body) continue;
    for (const ret of ctx.analysis.statements().within('return', body.startIndex, body.endIndex)) {
      const expr = ret.namedChild(0);
      if (!expr) continue;
      const value = evaluateConstant(ctx.analysis.text.slice(expr.startIndex, expr.endIndex), lookup);
      const codes = returnCodes.join(', ');
      if (value === undefined) {
        const source = info.verifierChecked ? unboundedResult(expr, ctx, body) : undefined;
        if (source) {
          ctx.report({
            code: 'bpf/return-value',
            severity: 'error',
            start: expr.startIndex,
            end: expr.endIndex,
            message: ctx.t(
              `${program.programType} programs must return one of ${codes}, but this value comes from ${source}, which the verifier cannot bound to that range, so it rejects the program. Map it explicitly, e.g. return ${expr.text} ? 0 : 1; or compare it first.`,
              `${program.programType} 程序只能返回 ${codes}，但这个值来自 ${source}，校验器无法确定它在该范围内，因此会拒绝该程序。请显式转换，例如 return ${expr.text} ? 0 : 1;，或先做比较。`,
            ),
          });
        }
        continue;
      }
      if (allowed.has(value)) continue;
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
  for (const call of ctx.calls) {
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
