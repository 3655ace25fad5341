/**
 * Checks on each helper call that need no dataflow: may this program type call
 * it, GPL-only helpers under a non-GPL license, helpers newer than the target
 * kernel, the number of arguments, and the map argument (a map, of a fitting type).
 */
import { helperIndex } from '../../helpers/database.ts';
import type { Helper } from '../../helpers/schema.ts';
import { mapTypeName } from '../document-analysis.ts';
import type { CallSite } from '../document-model-types.ts';
import { findLocal, functionNodeOf } from './locals.ts';
import { compareVersions, disabledByKnob, GPL_COMPATIBLE, mapArgumentName, programsOfCall, type CheckContext } from './context.ts';
import type { AnalysisDiagnostic } from '../diagnostic.ts';

/**
 * The helper a call reaches: the callee itself, or for libbpf's bpf_printk macro the
 * helper it expands to (bpf_trace_printk with up to 3 values, bpf_trace_vprintk beyond).
 */
export function calledHelper(call: CallSite): Helper | undefined {
  const db = helperIndex();
  if (call.callee === 'bpf_printk') return db.helper(call.args.length - 1 > 3 ? 'bpf_trace_vprintk' : 'bpf_trace_printk');
  return db.helper(call.callee);
}

/**
 * Reports through `ctx`, unless the call sits in code a `const volatile` knob
 * disables by default: the verifier never sees that code, so the problem is a
 * warning that names the knob.
 */
function reporterFor(ctx: CheckContext, call: CallSite): (d: AnalysisDiagnostic) => void {
  const knob = disabledByKnob(ctx, call.span.start);
  if (!knob) return ctx.report;
  return (d) =>
    ctx.report({
      ...d,
      severity: d.severity === 'error' ? 'warning' : d.severity,
      message: `${d.message} ${ctx.t(`(This code runs only when ${knob} is set at load time; with its default the verifier skips it.)`, `（这段代码只在加载时设置了 ${knob} 才会执行；按默认值校验器会跳过它。）`)}`,
    });
}

export function checkHelperCalls(outer: CheckContext): void {
  const db = helperIndex();
  const ctx0 = outer;
  const license = ctx0.model.license?.value;
  const gplOk = license !== undefined && GPL_COMPATIBLE.includes(license);
  for (const call of ctx0.calls) {
    const helper = calledHelper(call);
    if (!helper) continue;
    const ctx: CheckContext = { ...ctx0, report: reporterFor(ctx0, call) };
    checkProgramTypes(ctx, call, helper);
    if (helper.gplOnly && !gplOk) {
      ctx.report({
        code: license === undefined ? 'bpf/missing-license' : 'bpf/gpl-only-helper',
        severity: 'error',
        start: call.calleeSpan.start,
        end: call.calleeSpan.end,
        message:
          license === undefined
            ? ctx.t(
                `${helper.name} is GPL-only, and this file has no license section: the verifier refuses GPL-only helpers in programs that do not declare a GPL-compatible license. Add char LICENSE[] SEC("license") = "GPL";`,
                `${helper.name} 仅限 GPL 程序使用，而本文件没有 license 节：校验器会拒绝未声明 GPL 兼容许可证的程序调用它。请加上 char LICENSE[] SEC("license") = "GPL";`,
              )
            : ctx.t(
                `${helper.name} is GPL-only, but the license "${license}" is not GPL-compatible: the verifier rejects the program. Use "GPL" or "Dual BSD/GPL" (or avoid this helper).`,
                `${helper.name} 仅限 GPL 程序使用，但许可证 "${license}" 与 GPL 不兼容，校验器会拒绝加载。请改用 "GPL" 或 "Dual BSD/GPL"（或不用该辅助函数）。`,
              ),
        related: ctx.model.license ? [{ start: ctx.model.license.span.start, end: ctx.model.license.span.end, message: ctx.t('license declared here', '许可证在此声明') }] : undefined,
      });
    }
    if (ctx.targetKernel && compareVersions(helper.sinceKernel, ctx.targetKernel) > 0) {
      ctx.report({
        code: 'bpf/helper-too-new',
        severity: 'error',
        start: call.calleeSpan.start,
        end: call.calleeSpan.end,
        message: ctx.t(
          `${helper.name} was added in kernel ${helper.sinceKernel}, newer than the target kernel ${ctx.targetKernel}: that kernel's verifier does not know it ("invalid func").`,
          `${helper.name} 在内核 ${helper.sinceKernel} 才加入，比目标内核 ${ctx.targetKernel} 新：该内核的校验器不认识它（"invalid func"）。`,
        ),
      });
    }
    if (db.helper(call.callee) !== helper) continue; // the macro's own arguments are not the helper's
    checkArgumentCount(ctx, call, helper);
    checkMapArgument(ctx, call, helper);
  }
}

function checkProgramTypes(ctx: CheckContext, call: CallSite, helper: Helper): void {
  const db = helperIndex();
  const via = helper.name === call.callee ? '' : ` (${call.callee} expands to ${helper.name})`;
  for (const program of programsOfCall(ctx, call)) {
    if (!program.programType || db.allowedIn(helper, program.programType)) continue;
    const types = helper.programTypes.join(', ') || ctx.t('none that could be probed', '（无可探测到的类型）');
    ctx.report({
      code: 'bpf/helper-not-allowed',
      severity: 'error',
      start: call.calleeSpan.start,
      end: call.calleeSpan.end,
      message: ctx.t(
        `${helper.name}${via} cannot be called from ${program.programType} programs (${program.name}, SEC("${program.section}")): the verifier rejects it ("program of this type cannot use helper"). Program types that may call it: ${types}.`,
        `${program.programType} 程序（${program.name}，SEC("${program.section}")）不能调用 ${helper.name}，校验器会拒绝（"program of this type cannot use helper"）。可以调用它的程序类型：${types}。`,
      ),
      related:
        call.inFunction !== program.name
          ? [{ start: program.nameSpan.start, end: program.nameSpan.end, message: ctx.t(`reached from program ${program.name}`, `由程序 ${program.name} 调用到`) }]
          : undefined,
    });
  }
}

function checkArgumentCount(ctx: CheckContext, call: CallSite, helper: Helper): void {
  const want = helper.params.length;
  const got = call.args.length;
  if (helper.variadic ? got >= want && got <= want + 3 : got === want) return;
  const tooMany = helper.variadic && got > want + 3;
  ctx.report({
    code: 'bpf/argument',
    severity: 'error',
    start: call.calleeSpan.start,
    end: call.span.end,
    message: tooMany
      ? ctx.t(
          `${helper.name} takes at most 3 values after the format (${got - want} given): BPF calls pass at most 5 arguments in registers. Use bpf_printk (bpf_trace_vprintk, kernel 5.16+) for more.`,
          `${helper.name} 在格式串之后最多接受 3 个值（实际 ${got - want} 个）：BPF 调用最多用 5 个寄存器传参。需要更多时请用 bpf_printk（bpf_trace_vprintk，内核 5.16+）。`,
        )
      : ctx.t(
          `${helper.name} takes ${want} argument${want === 1 ? '' : 's'}${helper.variadic ? ' or more' : ''}, ${got} given.`,
          `${helper.name} 需要 ${want} 个参数${helper.variadic ? '（或更多）' : ''}，实际给了 ${got} 个。`,
        ),
  });
}

function checkMapArgument(ctx: CheckContext, call: CallSite, helper: Helper): void {
  helper.params.forEach((param, i) => {
    if (param.kind !== 'map') return;
    const arg = call.args[i];
    if (!arg) return;
    const name = mapArgumentName(arg.text);
    if (name === undefined) return;
    const map = ctx.model.maps.find((x) => x.name === name);
    if (!map) {
      const isOther = ctx.model.globals.some((g) => g.name === name) || isLocalIn(ctx, call, name);
      if (!isOther) return;
      ctx.report({
        code: 'bpf/argument',
        severity: 'error',
        start: arg.span.start,
        end: arg.span.end,
        message: ctx.t(
          `${helper.name} needs a map here (argument ${i + 1}, ${param.name}), but ${name} is not a map: the verifier expects a map pointer ("expected=map_ptr").`,
          `${helper.name} 的第 ${i + 1} 个参数（${param.name}）必须是 map，但 ${name} 不是 map：校验器要求 map 指针（"expected=map_ptr"）。`,
        ),
      });
      return;
    }
    const type = mapTypeName(map);
    if (!type || !param.mapTypes || param.mapTypes.includes(type)) return;
    ctx.report({
      code: 'bpf/argument',
      severity: 'error',
      start: arg.span.start,
      end: arg.span.end,
      message: ctx.t(
        `${helper.name} cannot use ${name}, a ${type}: it needs ${param.mapTypes.join(' or ')}. The verifier rejects this combination of map and helper.`,
        `${helper.name} 不能使用 ${name}（类型 ${type}）：它需要 ${param.mapTypes.join(' 或 ')}。校验器会拒绝这种 map 与辅助函数的组合。`,
      ),
      related: [{ start: map.nameSpan.start, end: map.nameSpan.end, message: ctx.t(`${name} is defined here`, `${name} 在此定义`) }],
    });
  });
}

function isLocalIn(ctx: CheckContext, call: CallSite, name: string): boolean {
  const fnNode = functionNodeOf(ctx, call);
  return !!fnNode && findLocal(ctx.analysis.statements(), fnNode, name, call.span.start) !== undefined;
}
