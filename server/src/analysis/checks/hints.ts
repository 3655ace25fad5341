/**
 * Check 11: best-practice hints (never errors): deprecated helpers, perf event
 * arrays where a ring buffer fits, legacy bpf_map_def maps, untyped BTF map
 * members, very long loops where bpf_loop fits, attach points that are not
 * stable kernel ABI. Each names the helper-db entry it relies on.
 */
import { helperIndex } from '../../helpers/database.ts';
import { tr } from '../../helpers/locale.ts';
import { mapTypeName } from '../document-analysis.ts';
import type { CheckContext } from './context.ts';

export function checkHints(ctx: CheckContext): void {
  const db = helperIndex();
  for (const call of ctx.model.calls) {
    const h = db.helper(call.callee);
    if (!h?.deprecated) continue;
    ctx.report({
      code: 'bpf/deprecated-helper',
      severity: 'warning',
      start: call.calleeSpan.start,
      end: call.calleeSpan.end,
      message: ctx.t(
        `${h.name} is deprecated; use ${h.deprecated.replacement.join(' or ')}. ${tr(h.deprecated.reason, 'en')} (see bpfls helpers ${h.name})`,
        `${h.name} 已不推荐使用，请改用 ${h.deprecated.replacement.join(' 或 ')}。${tr(h.deprecated.reason, 'zh-CN')}（见 bpfls helpers ${h.name}）`,
      ),
    });
  }
  for (const map of ctx.model.maps) {
    const type = mapTypeName(map);
    if (type === 'BPF_MAP_TYPE_PERF_EVENT_ARRAY') {
      ctx.report({
        code: 'bpf/prefer-ringbuf',
        severity: 'hint',
        start: map.nameSpan.start,
        end: map.nameSpan.end,
        message: ctx.t(
          `${map.name} is a perf event array: on kernel 5.8+ a BPF_MAP_TYPE_RINGBUF shared by all CPUs keeps events in order, wastes less memory and can reserve space in place (see bpfls helpers bpf_ringbuf_output).`,
          `${map.name} 是 perf event array：在内核 5.8+ 上，所有 CPU 共享的 BPF_MAP_TYPE_RINGBUF 能保持事件顺序、更省内存，并可原地预留空间（见 bpfls helpers bpf_ringbuf_output）。`,
        ),
      });
    }
    if (map.style === 'legacy') {
      ctx.report({
        code: 'bpf/legacy-map',
        severity: 'warning',
        start: map.nameSpan.start,
        end: map.nameSpan.end,
        message: ctx.t(
          `${map.name} uses the legacy struct bpf_map_def in SEC("maps"), which libbpf 1.0 and later refuse to load; declare it BTF-style: struct { __uint(type, ...); __type(key, ...); __type(value, ...); } ${map.name} SEC(".maps");`,
          `${map.name} 使用旧式 SEC("maps") 中的 struct bpf_map_def，libbpf 1.0 及以后版本拒绝加载；请改用 BTF 风格：struct { __uint(type, ...); __type(key, ...); __type(value, ...); } ${map.name} SEC(".maps");`,
        ),
      });
    } else if (map.keySize || map.valueSize) {
      const f = map.keySize ?? map.valueSize!;
      ctx.report({
        code: 'bpf/untyped-map',
        severity: 'hint',
        start: f.span.start,
        end: f.span.end,
        message: ctx.t(
          `${map.name} gives only a byte size: __type(key, ...) / __type(value, ...) records the types in BTF, so bpftool can print entries and the verifier knows the layout.`,
          `${map.name} 只给出字节数：用 __type(key, ...) / __type(value, ...) 会把类型记入 BTF，bpftool 才能打印条目，校验器也知道其布局。`,
        ),
      });
    }
  }
  for (const p of ctx.model.programs) {
    if (!/^(kprobe|kretprobe|fentry|fexit|fmod_ret)\//.test(p.section)) continue;
    ctx.report({
      code: 'bpf/unstable-attach',
      severity: 'hint',
      start: p.sectionSpan.start,
      end: p.sectionSpan.end,
      message: ctx.t(
        `${p.section} attaches to an internal kernel function, which is not stable ABI: it can be renamed, inlined or change its arguments between kernels. Prefer a tracepoint (tp/...) or tp_btf where one exists.`,
        `${p.section} 挂载在内核内部函数上，它不是稳定 ABI：不同内核版本中可能改名、被内联或改变参数。有对应的 tracepoint 时请优先用 tp/... 或 tp_btf。`,
      ),
    });
  }
  checkLoops(ctx);
}

/** `for (...; i < N; ...)` with a large constant N: a hint that bpf_loop avoids the verifier's per-iteration cost. */
function checkLoops(ctx: CheckContext): void {
  const text = ctx.analysis.text;
  for (const m of text.matchAll(/\bfor\s*\([^;]*;\s*\w+\s*<=?\s*(\d+)\s*;/g)) {
    const n = Number(m[1]);
    if (n < 4096) continue;
    ctx.report({
      code: 'bpf/prefer-bpf-loop',
      severity: 'hint',
      start: m.index,
      end: m.index + 3,
      message: ctx.t(
        `A loop of ${n} iterations makes the verifier walk every iteration (and may hit its 1M-instruction limit); bpf_loop (5.17+) runs a callback N times at a fixed verification cost (see bpfls helpers bpf_loop).`,
        `${n} 次迭代的循环会让校验器逐次分析（可能触及 100 万条指令上限）；bpf_loop（5.17+）以固定的校验代价把回调执行 N 次（见 bpfls helpers bpf_loop）。`,
      ),
    });
  }
}
