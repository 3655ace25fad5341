/**
 * Check 7: flags. A constant that does not belong to this helper's parameter,
 * bits the kernel rejects, constants that must not be combined, map-type rules
 * (BPF_NOEXIST on array maps), and program-type rules (flags must be 0 for
 * bpf_redirect in XDP). Quick fixes replace the constant.
 */
import { editDistance, helperIndex } from '../../helpers/database.ts';
import { tr } from '../../helpers/locale.ts';
import type { FlagRule, Helper, Param } from '../../helpers/schema.ts';
import { mapTypeName } from '../document-analysis.ts';
import type { CallSite } from '../document-model-types.ts';
import { mapOfArgument, programsOfCall, type CheckContext } from './context.ts';
import { readFlagValue, type FlagValue } from './flag-value.ts';
import { functionNodeOf } from './locals.ts';
import { sizeValue } from './sizes.ts';
import { checkExistWithoutInsert, checkLockFlag } from './update-flags.ts';

export function checkFlags(ctx: CheckContext): void {
  const db = helperIndex();
  for (const call of ctx.calls) {
    const helper = db.helper(call.callee);
    if (!helper) continue;
    const fnNode = functionNodeOf(ctx, call);
    const evaluate = (expr: string) => (fnNode ? sizeValue(ctx, fnNode, expr, call.span.start) : undefined);
    helper.params.forEach((param, i) => {
      const arg = call.args[i];
      if (!param.flags || !arg) return;
      const flags = readFlagValue(arg.text, arg.span.start, ctx.model, evaluate);
      checkForeignConstants(ctx, helper, param, flags);
      checkMask(ctx, helper, param, flags, arg.span);
      checkFields(ctx, helper, param, flags, arg.span);
      for (const rule of param.flags.rules) checkRule(ctx, call, helper, param, flags, rule, arg.span, evaluate);
      if (helper.name === 'bpf_map_update_elem' && param.name === 'flags') {
        checkLockFlag(ctx, call, flags, arg.span);
        checkExistWithoutInsert(ctx, call, flags, arg.span);
      }
    });
  }
}

function checkForeignConstants(ctx: CheckContext, helper: Helper, param: Param, flags: FlagValue): void {
  const own = param.flags!.constants.map((c) => c.name);
  if (own.length === 0) return;
  const db = helperIndex();
  for (const term of flags.terms) {
    if (!term.name || own.includes(term.name) || !db.constant(term.name)) continue;
    if (ctx.model.macros.some((m) => m.name === term.name)) continue;
    const best = [...own].sort((a, b) => editDistance(term.name!, a) - editDistance(term.name!, b))[0];
    const outside = maskOf(param) !== undefined && term.value !== undefined && (term.value & ~maskOf(param)!) !== 0n;
    ctx.report({
      code: 'bpf/flags',
      severity: outside ? 'error' : 'warning',
      start: term.start,
      end: term.end,
      message: ctx.t(
        `${term.name} is not a flag of ${helper.name} (${param.name}); it takes ${own.join(', ')}.${outside ? ' Its bits are outside what the kernel accepts here, so the call fails.' : ''}`,
        `${term.name} 不是 ${helper.name}（参数 ${param.name}）的标志；它接受 ${own.join('、')}。${outside ? '这些位超出内核在此接受的范围，调用会失败。' : ''}`,
      ),
      fixes: [{ title: ctx.t(`Replace with ${best}`, `替换为 ${best}`), edits: [{ start: term.start, end: term.end, newText: best }] }],
    });
  }
}

function maskOf(param: Param): bigint | undefined {
  return param.flags?.allowedMask ? BigInt(param.flags.allowedMask) : undefined;
}

function checkMask(ctx: CheckContext, helper: Helper, param: Param, flags: FlagValue, span: { start: number; end: number }): void {
  const mask = maskOf(param);
  if (mask === undefined || flags.value === undefined) return;
  const bad = flags.value & ~mask;
  if (bad === 0n) return;
  ctx.report({
    code: 'bpf/flags',
    severity: 'error',
    start: span.start,
    end: span.end,
    message: ctx.t(
      `${helper.name}: bits 0x${bad.toString(16)} of ${param.name} are reserved or unknown (accepted mask 0x${mask.toString(16)}); the helper returns an error every time (-EINVAL).`,
      `${helper.name}：${param.name} 中的位 0x${bad.toString(16)} 是保留位或未知位（可接受的掩码为 0x${mask.toString(16)}），该调用每次都会出错（-EINVAL）。`,
    ),
  });
}

/** Sub-fields with a fixed set of values (the checksum helpers' field size: 0, 2 or 4). */
function checkFields(ctx: CheckContext, helper: Helper, param: Param, flags: FlagValue, span: { start: number; end: number }): void {
  if (flags.value === undefined) return;
  for (const f of param.flags?.fields ?? []) {
    if (!f.allowedValues) continue;
    const mask = BigInt(f.mask);
    let shift = 0n;
    while (((mask >> shift) & 1n) === 0n && shift < 64n) shift++;
    const v = Number((flags.value & mask) >> shift);
    if (f.allowedValues.includes(v)) continue;
    ctx.report({
      code: 'bpf/flags',
      severity: 'error',
      start: span.start,
      end: span.end,
      message: ctx.t(
        `${helper.name}: the ${f.name} field of ${param.name} is ${v}, but the kernel accepts only ${f.allowedValues.join(', ')}; the call fails every time (-EINVAL). ${tr(f.doc, 'en')}`,
        `${helper.name}：${param.name} 中的 ${f.name} 字段为 ${v}，但内核只接受 ${f.allowedValues.join('、')}；该调用每次都会失败（-EINVAL）。${tr(f.doc, 'zh-CN')}`,
      ),
    });
  }
}

/**
 * A rule's run-time condition, when it is a comparison of another argument with a
 * number (e.g. "len_diff < 0") and that argument is a constant: true/false; else undefined.
 */
function conditionHolds(rule: FlagRule, helper: Helper, call: CallSite, evaluate: (e: string) => number | undefined): boolean | undefined {
  const m = /^(\w+)\s*(<=|>=|<|>|==|!=)\s*(-?\d+)$/.exec(rule.condition ?? '');
  if (!m) return undefined;
  const index = helper.params.findIndex((p) => p.name === m[1]);
  const text = call.args[index]?.text.trim();
  if (index < 0 || !text) return undefined;
  const neg = /^-\s*(.+)$/.exec(text);
  const raw = neg ? evaluate(neg[1]) : evaluate(text);
  if (raw === undefined) return undefined;
  const v = neg ? -raw : raw;
  const n = Number(m[3]);
  return { '<': v < n, '<=': v <= n, '>': v > n, '>=': v >= n, '==': v === n, '!=': v !== n }[m[2]];
}

function appliesTo(ctx: CheckContext, call: CallSite, helper: Helper, rule: FlagRule): boolean {
  if (rule.programTypes?.length) {
    const types = programsOfCall(ctx, call).map((p) => p.programType);
    if (!types.some((t) => t && rule.programTypes!.includes(t))) return false;
  }
  if (rule.mapTypes?.length) {
    const mapIndex = helper.params.findIndex((p) => p.kind === 'map');
    const map = mapIndex >= 0 ? mapOfArgument(ctx, call, mapIndex) : undefined;
    const type = map ? mapTypeName(map) : undefined;
    if (!type || !rule.mapTypes.includes(type)) return false;
  }
  return true;
}

function checkRule(
  ctx: CheckContext,
  call: CallSite,
  helper: Helper,
  param: Param,
  flags: FlagValue,
  rule: FlagRule,
  span: { start: number; end: number },
  evaluate: (e: string) => number | undefined,
): void {
  if (rule.condition !== undefined && conditionHolds(rule, helper, call, evaluate) !== true) return;
  if (!appliesTo(ctx, call, helper, rule)) return;
  const fails = rule.enforcedBy === 'verifier' || rule.runtimeResult !== undefined;
  const names = flags.terms.map((t) => t.name).filter((n): n is string => !!n);
  let broken = false;
  let fix: string | undefined;
  switch (rule.kind) {
    case 'must-be-zero':
      broken = flags.value !== undefined && flags.value !== 0n;
      fix = '0';
      break;
    case 'forbidden':
      broken = names.some((n) => rule.constants?.includes(n));
      break;
    case 'exclusive':
      broken = names.filter((n) => rule.constants?.includes(n)).length > 1;
      break;
    case 'allowed-only':
      broken = names.some((n) => !rule.constants?.includes(n) && helperIndex().constant(n) !== undefined && !ctx.model.macros.some((m) => m.name === n));
      break;
    default:
      return;
  }
  if (!broken) return;
  const why = tr(rule.message, ctx.locale);
  const consequence =
    rule.enforcedBy === 'verifier'
      ? ctx.t('The verifier rejects the program.', '校验器会拒绝该程序。')
      : fails
        ? ctx.t(`The call fails every time (${rule.runtimeResult}).`, `该调用每次都会失败（${rule.runtimeResult}）。`)
        : '';
  ctx.report({
    code: 'bpf/flags',
    severity: fails ? 'error' : 'warning',
    start: span.start,
    end: span.end,
    message: `${helper.name} (${param.name}): ${why} ${consequence}`.trim(),
    fixes: fix ? [{ title: ctx.t(`Replace with ${fix}`, `替换为 ${fix}`), edits: [{ start: span.start, end: span.end, newText: fix }] }] : undefined,
  });
}
