/**
 * Check 9: bpf_trace_printk / bpf_printk. The kernel parses the format at run
 * time (bpf_bprintf_prepare): it accepts %d %i %u %x %X with optional l/ll, %c,
 * %s, %p and its kernel variants (%pK %px %pB %pi4 %pI4 %pi6 %pI6 %pks %pus), %%,
 * and a width with 0 + - or space flags; no precision, no h/hh/z/j, no %f/%n/%o.
 * Anything else, more conversions than values, or a format without its NUL
 * inside fmt_size makes the helper print nothing and return -EINVAL.
 */
import { compareVersions, programsOfCall, type CheckContext } from './context.ts';
import { functionNodeOf } from './locals.ts';
import { sizeValue } from './sizes.ts';
import type { CallSite } from '../document-model-types.ts';

export interface FormatProblem {
  /** Offset of the problem inside the format string's value. */
  index: number;
  en: string;
  zh: string;
}

/** Problems of a printk format string (the C string's value), and its number of conversions. */
export function checkFormat(fmt: string): { conversions: number; problems: FormatProblem[] } {
  const problems: FormatProblem[] = [];
  let conversions = 0;
  for (let i = 0; i < fmt.length; i++) {
    const ch = fmt[i];
    const code = ch.charCodeAt(0);
    if (code > 126 || (code < 32 && !/\s/.test(ch))) {
      problems.push({ index: i, en: 'contains a character that is not printable ASCII', zh: '包含非可打印 ASCII 字符' });
      break;
    }
    if (ch !== '%') continue;
    if (fmt[i + 1] === '%') {
      i++;
      continue;
    }
    const start = i;
    i++;
    while ('0+- '.includes(fmt[i] ?? '') && fmt[i]) i++;
    while (/[0-9]/.test(fmt[i] ?? '')) i++;
    const spec = () => fmt.slice(start, i + 1);
    if (fmt[i] === '.') {
      problems.push({ index: start, en: `"${spec()}…": precision (.N) is not supported`, zh: `"${spec()}…"：不支持精度（.N）` });
      continue;
    }
    conversions++;
    if (fmt[i] === 'p') {
      const rest = fmt.slice(i + 1, i + 3);
      if (/^(i4|I4|i6|I6|ks|us)/.test(rest)) i += 2;
      else if (/^[KxB]/.test(rest)) i += 1;
      continue;
    }
    if (fmt[i] === 's' || fmt[i] === 'c') continue;
    if (fmt[i] === 'l') i++;
    if (fmt[i] === 'l') i++;
    if (!/[diuxX]/.test(fmt[i] ?? '')) {
      problems.push({
        index: start,
        en: `"${spec()}" is not a conversion the kernel supports (use %d %i %u %x %X with l/ll, %c, %s, %p)`,
        zh: `"${spec()}" 不是内核支持的转换说明符（可用 %d %i %u %x %X，可带 l/ll，以及 %c、%s、%p）`,
      });
    }
  }
  return { conversions, problems };
}

/** The value of a C string literal argument (adjacent literals joined), or undefined. */
function literalValue(text: string): string | undefined {
  const parts = [...text.matchAll(/"((?:[^"\\]|\\.)*)"/g)];
  if (!parts.length || text.replace(/"((?:[^"\\]|\\.)*)"/g, '').trim() !== '') return undefined;
  return parts
    .map((p) => p[1])
    .join('')
    .replace(/\\(n|t|r|\\|"|'|0)/g, (_, c: string) => ({ n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', "'": "'", '0': '\0' })[c]!);
}

/** The format string of a call: a literal, or a local `char fmt[] = "..."` / `const char fmt[] = "..."`. */
function formatOf(ctx: CheckContext, call: CallSite, index: number): { value: string; size?: number; pointer?: boolean } | undefined {
  const arg = call.args[index]?.text.trim();
  if (!arg) return undefined;
  const lit = literalValue(arg);
  if (lit !== undefined) return { value: lit };
  if (!/^[A-Za-z_]\w*$/.test(arg)) return undefined;
  const fn = ctx.model.functions.find((f) => f.name === call.inFunction && f.isDefinition);
  const scope = fn ? ctx.analysis.text.slice(fn.span.start, call.span.start) : ctx.analysis.text.slice(0, call.span.start);
  const decl = new RegExp(`char\\s+${arg}\\s*\\[\\s*(\\d*)\\s*\\]\\s*=\\s*((?:"(?:[^"\\\\]|\\\\.)*"\\s*)+);`).exec(scope);
  if (decl) {
    const value = literalValue(decl[2]);
    return value === undefined ? undefined : { value, size: decl[1] ? Number(decl[1]) : value.length + 1 };
  }
  const ptr = new RegExp(`char\\s*\\*\\s*(?:const\\s+)?${arg}\\s*=\\s*((?:"(?:[^"\\\\]|\\\\.)*"\\s*)+);`).exec(scope);
  const value = ptr ? literalValue(ptr[1]) : undefined;
  return value === undefined ? undefined : { value, size: value.length + 1, pointer: true };
}

/** Calls that take a kernel printf format: where the format is and where the values start. */
const PRINTF_CALLS: Record<string, { fmt: number; values: number }> = {
  bpf_trace_printk: { fmt: 0, values: 2 },
  bpf_printk: { fmt: 0, values: 1 },
  BPF_SNPRINTF: { fmt: 2, values: 3 },
  BPF_SEQ_PRINTF: { fmt: 1, values: 2 },
};

export function checkPrintk(ctx: CheckContext): void {
  for (const call of ctx.calls) {
    const shape = PRINTF_CALLS[call.callee];
    if (!shape) continue;
    const isTrace = call.callee === 'bpf_trace_printk';
    const fmtArg = call.args[shape.fmt];
    if (!fmtArg) continue;
    const fmt = formatOf(ctx, call, shape.fmt);
    const values = call.args.length - shape.values;
    if (fmt) {
      const { conversions, problems } = checkFormat(fmt.value);
      for (const p of problems) {
        ctx.report({
          code: 'bpf/printk-format',
          severity: 'error',
          start: fmtArg.span.start,
          end: fmtArg.span.end,
          message: ctx.t(
            `Format string ${p.en}: the kernel refuses the whole format, so ${call.callee} prints nothing and returns -EINVAL.`,
            `格式串${p.zh}：内核会拒绝整个格式串，${call.callee} 什么也不打印并返回 -EINVAL。`,
          ),
        });
      }
      if (problems.length === 0 && conversions > values && values >= 0) {
        ctx.report({
          code: 'bpf/printk-format',
          severity: 'error',
          start: call.span.start,
          end: call.span.end,
          message: ctx.t(
            `The format has ${conversions} conversions but only ${values} value${values === 1 ? '' : 's'} follow: the kernel refuses it and ${call.callee} prints nothing (-EINVAL).`,
            `格式串有 ${conversions} 个转换说明符，但后面只有 ${values} 个值：内核会拒绝，${call.callee} 什么也不打印（-EINVAL）。`,
          ),
        });
      }
      if (isTrace && fmt.size !== undefined) checkFmtSize(ctx, call, fmt);
    }
    if (call.callee === 'bpf_printk' && values > 3) {
      const old = ctx.targetKernel && compareVersions(ctx.targetKernel, '5.16') < 0;
      ctx.report({
        code: 'bpf/printk-format',
        severity: old ? 'error' : 'information',
        start: call.calleeSpan.start,
        end: call.calleeSpan.end,
        message: old
          ? ctx.t(
              `bpf_printk with more than 3 values uses bpf_trace_vprintk, which needs kernel 5.16; the target kernel ${ctx.targetKernel} does not have it.`,
              `bpf_printk 带 3 个以上的值时会改用 bpf_trace_vprintk，它需要内核 5.16；目标内核 ${ctx.targetKernel} 没有它。`,
            )
          : ctx.t(
              'bpf_printk with more than 3 values compiles to bpf_trace_vprintk (kernel 5.16+).',
              'bpf_printk 带 3 个以上的值时会编译为 bpf_trace_vprintk（需要内核 5.16+）。',
            ),
      });
    }
    if (programsOfCall(ctx, call).length > 0) {
      ctx.report({
        once: 'printk',
        code: 'bpf/printk-debug',
        severity: 'hint',
        start: call.calleeSpan.start,
        end: call.calleeSpan.end,
        message: ctx.t(
          `${call.callee} is slow and writes to the shared trace_pipe: keep it for debugging; use a ring buffer for data (see bpfls helpers bpf_trace_printk).`,
          `${call.callee} 很慢，且写入共享的 trace_pipe：仅用于调试；传数据请用环形缓冲区（见 bpfls helpers bpf_trace_printk）。`,
        ),
      });
    }
  }
}

function checkFmtSize(ctx: CheckContext, call: CallSite, fmt: { value: string; size?: number; pointer?: boolean }): void {
  const sizeArg = call.args[1];
  const fnNode = functionNodeOf(ctx, call);
  if (!sizeArg || !fnNode || fmt.size === undefined) return;
  const n = sizeValue(ctx, fnNode, sizeArg.text.trim(), call.span.start);
  const needed = fmt.value.length + 1;
  if (n === undefined || (n >= needed && n <= fmt.size)) return;
  const fmtName = call.args[0].text.trim();
  const tooSmall = n < needed;
  ctx.report({
    code: 'bpf/printk-format',
    severity: 'error',
    start: sizeArg.span.start,
    end: sizeArg.span.end,
    message: tooSmall
      ? ctx.t(
          `fmt_size is ${n}, but the format needs ${needed} bytes with its NUL${fmt.pointer ? ` (sizeof a pointer is 8, not the string's length)` : ''}: the kernel finds no NUL inside fmt_size and refuses the format (-EINVAL), so nothing is printed. ${fmt.pointer ? 'Declare it as char fmt[] = "..." and pass sizeof(fmt).' : 'Pass sizeof(fmt).'}`,
          `fmt_size 为 ${n}，但格式串连同结尾 NUL 需要 ${needed} 字节${fmt.pointer ? '（对指针取 sizeof 得到 8，而不是字符串长度）' : ''}：内核在 fmt_size 范围内找不到 NUL，会拒绝格式串（-EINVAL），什么也不打印。${fmt.pointer ? '请声明为 char fmt[] = "..." 并传 sizeof(fmt)。' : '请传 sizeof(fmt)。'}`,
        )
      : ctx.t(
          `fmt_size is ${n}, but ${fmtName} is only ${fmt.size} bytes: the verifier rejects reading past its end ("invalid read from stack"). Pass sizeof(${fmtName}).`,
          `fmt_size 为 ${n}，但 ${fmtName} 只有 ${fmt.size} 字节：校验器会拒绝越过其末尾的读取（"invalid read from stack"）。请传 sizeof(${fmtName})。`,
        ),
    fixes: fmt.pointer ? undefined : [{ title: ctx.t('Use sizeof(fmt)', '改为 sizeof(fmt)'), edits: [{ start: sizeArg.span.start, end: sizeArg.span.end, newText: `sizeof(${fmtName})` }] }],
  });
}
