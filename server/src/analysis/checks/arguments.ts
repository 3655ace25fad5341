/**
 * Check 8 (the parts that need a look at local variables): a scalar passed where
 * the helper reads or writes memory, a size larger than the buffer it describes,
 * a run-time size where the verifier needs a constant (ring buffer reservations),
 * a stack object where a ring-buffer record is required, and a key or input
 * buffer whose stack bytes are never written on some path.
 */
import type { Node } from 'web-tree-sitter';
import { helperIndex } from '../../helpers/database.ts';
import type { ArgKind, Helper, Param } from '../../helpers/schema.ts';
import type { CallArgument, CallSite } from '../document-model-types.ts';
import type { CheckContext } from './context.ts';
import { layoutOf } from './layouts.ts';
import { sizeValue } from './sizes.ts';
import { findLocal, functionNodeOf, type LocalVar } from './locals.ts';
import { unwrittenSlots } from './stack-writes.ts';

const POINTER_KINDS: ArgKind[] = ['map-key', 'map-value', 'mem-read', 'mem-write', 'ringbuf-mem', 'long-ptr'];

/** `&name` or `name`: the variable an argument designates, and whether its address was taken. */
function designated(arg: CallArgument): { name: string; addressOf: boolean } | undefined {
  const t = arg.text.trim().replace(/^\(\s*(?:const\s+)?(?:void|char|__u8|unsigned char)\s*\*\s*\)\s*/, '');
  const m = /^(&\s*)?([A-Za-z_]\w*)$/.exec(t);
  return m ? { name: m[2], addressOf: !!m[1] } : undefined;
}

export function checkArguments(ctx: CheckContext): void {
  const db = helperIndex();
  for (const call of ctx.calls) {
    const helper = db.helper(call.callee);
    if (!helper || call.args.length !== helper.params.length) continue;
    const fnNode = functionNodeOf(ctx, call);
    if (!fnNode) continue;
    helper.params.forEach((param, i) => {
      const arg = call.args[i];
      const d = designated(arg);
      if (!d) {
        if (param.kind === 'size' && param.argType?.startsWith('ARG_CONST_ALLOC_SIZE')) checkConstSize(ctx, fnNode, call, helper, param, arg);
        return;
      }
      const local = findLocal(ctx.analysis.statements(), fnNode, d.name, call.span.start);
      if (!local) return;
      if (POINTER_KINDS.includes(param.kind) && !d.addressOf && !local.isPointer && !local.isArray && /^(__[us]\d+|[us]\d+|int|long|unsigned|char|short)/.test(local.type)) {
        report(ctx, arg, ctx.t(
          `${helper.name} needs a pointer for ${param.name}, but ${d.name} is a ${local.type} value: the verifier rejects a scalar here ("type=scalar expected=fp, ..."). Pass &${d.name}.`,
          `${helper.name} 的参数 ${param.name} 需要指针，但 ${d.name} 是 ${local.type} 值：校验器会拒绝标量（"type=scalar expected=fp, ..."）。请传 &${d.name}。`,
        ), [{ start: arg.span.start, end: arg.span.end, newText: `&${d.name}` }]);
        return;
      }
      if (param.kind === 'ringbuf-mem' && !local.isPointer) {
        report(ctx, arg, ctx.t(
          `${helper.name} takes only a record returned by bpf_ringbuf_reserve; ${d.name} lives on the stack, so the verifier rejects it ("expected=ringbuf_mem"). Reserve the record in the ring buffer and fill it there.`,
          `${helper.name} 只接受 bpf_ringbuf_reserve 返回的记录；${d.name} 位于栈上，校验器会拒绝（"expected=ringbuf_mem"）。请先在环形缓冲区中预留记录并在其中填写。`,
        ));
        return;
      }
      if (param.kind === 'size' && param.argType?.startsWith('ARG_CONST_ALLOC_SIZE')) checkConstSize(ctx, fnNode, call, helper, param, arg);
      if (param.kind === 'size' && param.argType?.startsWith('ARG_CONST_SIZE') && local.isParam) checkBoundedSize(ctx, fnNode, helper, param, arg, d.name);
      if ((param.kind === 'mem-write' || param.kind === 'mem-read') && param.sizeParam && (d.addressOf || local.isArray)) {
        checkBufferSize(ctx, call, helper, param, local, d.name);
      }
      if ((param.kind === 'map-key' || param.kind === 'map-value' || param.kind === 'mem-read') && d.addressOf && !local.isParam && !local.isPointer) {
        checkInitialised(ctx, fnNode, call, helper, param, local, arg);
      }
    });
  }
}

function report(ctx: CheckContext, arg: CallArgument, message: string, edits?: { start: number; end: number; newText: string }[]): void {
  ctx.report({
    code: 'bpf/argument',
    severity: 'error',
    start: arg.span.start,
    end: arg.span.end,
    message,
    fixes: edits ? [{ title: ctx.t('Pass the address', '改为传地址'), edits }] : undefined,
  });
}

/**
 * ARG_CONST_SIZE(_OR_ZERO): the verifier must know an upper bound for the size. A
 * program parameter (e.g. a kprobe argument) passed straight through, never
 * compared or masked in the function, has none.
 */
function checkBoundedSize(ctx: CheckContext, fnNode: Node, helper: Helper, param: Param, arg: CallArgument, name: string): void {
  const body = fnNode.childForFieldName('body');
  if (!body) return;
  const text = body.text;
  const used = new RegExp(`(if|while|for)\\s*\\([^;{]*\\b${name}\\b|\\b${name}\\s*(&|%|>>|[<>]=?|[!=]=|\\?|=(?!=))|(&|%|[<>]=?|[!=]=)\\s*${name}\\b|\\b(min|max|MIN|MAX|clamp)\\w*\\s*\\([^;]*\\b${name}\\b`);
  if (used.test(text)) return;
  ctx.report({
    code: 'bpf/argument',
    severity: 'error',
    start: arg.span.start,
    end: arg.span.end,
    message: ctx.t(
      `${helper.name} needs a bounded ${param.name}: ${name} comes straight from the program's arguments, so the verifier knows no limit for it and rejects the call ("R2 min value is negative" / "unbounded memory access"). Clamp it first, e.g. if (${name} > sizeof(buf)) ${name} = sizeof(buf); or ${name} &= MAX - 1.`,
      `${helper.name} 的 ${param.name} 必须有上界：${name} 直接来自程序参数，校验器不知道它的范围，会拒绝该调用（"R2 min value is negative" / "unbounded memory access"）。请先限制它，例如 if (${name} > sizeof(buf)) ${name} = sizeof(buf); 或 ${name} &= MAX - 1。`,
    ),
  });
}

function checkBufferSize(ctx: CheckContext, call: CallSite, helper: Helper, param: Param, local: LocalVar, name: string): void {
  const fnNode = functionNodeOf(ctx, call);
  const sizeIndex = helper.params.findIndex((p) => p.name === param.sizeParam);
  const sizeArg = call.args[sizeIndex];
  if (!fnNode || !sizeArg) return;
  const buffer = layoutOf(local.type, ctx.model);
  const size = sizeValue(ctx, fnNode, sizeArg.text, call.span.start);
  if (!buffer || size === undefined || size <= buffer.size) return;
  const write = param.kind === 'mem-write';
  ctx.report({
    code: 'bpf/argument',
    severity: 'error',
    start: sizeArg.span.start,
    end: sizeArg.span.end,
    message: ctx.t(
      `${helper.name} would ${write ? 'write' : 'read'} ${size} bytes, but ${name} is only ${buffer.size} bytes: the verifier rejects the access past the end of the stack object ("invalid ${write ? 'write to' : 'read from'} stack"). Use sizeof(${name}).`,
      `${helper.name} 将${write ? '写入' : '读取'} ${size} 字节，但 ${name} 只有 ${buffer.size} 字节：校验器会拒绝越过栈对象末尾的访问（"invalid ${write ? 'write to' : 'read from'} stack"）。请用 sizeof(${name})。`,
    ),
    fixes: [{ title: ctx.t(`Use sizeof(${name})`, `改为 sizeof(${name})`), edits: [{ start: sizeArg.span.start, end: sizeArg.span.end, newText: `sizeof(${name})` }] }],
  });
}

/** ARG_CONST_ALLOC_SIZE_OR_ZERO (bpf_ringbuf_reserve): the size must be a constant the verifier knows. */
function checkConstSize(ctx: CheckContext, fnNode: Node, call: CallSite, helper: Helper, param: Param, arg: CallArgument): void {
  const text = arg.text.trim();
  if (sizeValue(ctx, fnNode, text, call.span.start) !== undefined) return;
  const ident = /^[A-Za-z_]\w*$/.exec(text);
  if (ident) {
    const local = findLocal(ctx.analysis.statements(), fnNode, text, call.span.start);
    if (!local) return;
    // A local that only ever holds a constant is folded by clang: stay silent then.
    const init = local.initializer ? sizeValue(ctx, fnNode, local.initializer.text, call.span.start) : undefined;
    if (!local.isParam && (init !== undefined || !local.initializer)) return;
  } else if (!/[A-Za-z_]/.test(text.replace(/sizeof\s*\([^)]*\)/g, ''))) return;
  ctx.report({
    code: 'bpf/argument',
    severity: 'error',
    start: arg.span.start,
    end: arg.span.end,
    message: ctx.t(
      `${helper.name} needs ${param.name} to be a constant known when the program is verified; a value computed at run time is rejected ("R2 is not a known constant"). Reserve a fixed-size record (sizeof(struct ...)).`,
      `${helper.name} 的 ${param.name} 必须是校验时已知的常量；运行时计算的值会被拒绝（"R2 is not a known constant"）。请预留固定大小的记录（sizeof(struct ...)）。`,
    ),
  });
}

function checkInitialised(ctx: CheckContext, fnNode: Node, call: CallSite, helper: Helper, param: Param, local: LocalVar, arg: CallArgument): void {
  if (local.initializer || !local.declaration) return;
  const layout = layoutOf(local.type, ctx.model);
  if (!layout) return;
  const slots = unwrittenSlots(ctx, fnNode, local, layout, call);
  if (!slots?.length) return;
  // Privileged loaders (CAP_PERFMON, as bpfls assumes) may read uninitialised stack, so this is a likely bug, not a rejection.
  ctx.report({
    code: 'bpf/uninitialized-stack',
    severity: 'warning',
    start: arg.span.start,
    end: arg.span.end,
    message: ctx.t(
      `${helper.name} reads ${local.name} (${param.name}), but bytes ${slots.map((s) => `${s}..${s + 7}`).join(', ')} of it are never written on some path: a loader without CAP_PERFMON is refused ("invalid read from stack"), and with it the helper reads garbage. Initialise it: ${local.type} ${local.name} = {};`,
      `${helper.name} 会读取 ${local.name}（${param.name}），但它的第 ${slots.map((s) => `${s}..${s + 7}`).join('、')} 字节在某条路径上从未被写入：没有 CAP_PERFMON 的加载者会被拒绝（"invalid read from stack"），有该权限时则会读到垃圾值。请初始化：${local.type} ${local.name} = {};`,
    ),
    fixes: [
      {
        title: ctx.t('Zero-initialise the variable', '将变量初始化为零'),
        edits: [{ start: local.declaration.endIndex - 1, end: local.declaration.endIndex - 1, newText: ' = {}' }],
      },
    ],
  });
}
