/**
 * Map-update flag rules that need the map definition.
 *
 * BPF_F_LOCK on bpf_map_update_elem: the kernel takes the bpf_spin_lock inside the
 * map value, so the value type must contain a `struct bpf_spin_lock` field;
 * otherwise every update fails with -EINVAL (kernel/bpf/hashtab.c, arraymap.c:
 * `if ((map_flags & BPF_F_LOCK) && !btf_record_has_field(map->record, BPF_SPIN_LOCK)) return -EINVAL`).
 */
import type { CallSite } from '../document-model-types.ts';
import { mapArgumentName, mapOfArgument, type CheckContext } from './context.ts';
import type { FlagValue } from './flag-value.ts';

export function checkLockFlag(ctx: CheckContext, call: CallSite, flags: FlagValue, span: { start: number; end: number }): void {
  if (!flags.terms.some((t) => t.name === 'BPF_F_LOCK')) return;
  const map = mapOfArgument(ctx, call, 0);
  const valueType = map?.value?.text.trim();
  const st = valueType ? /^struct\s+(\w+)$/.exec(valueType) : null;
  const def = st ? ctx.model.types.find((t) => t.kind === 'struct' && t.name === st[1] && t.fields) : undefined;
  if (!def?.fields || def.fields.some((f) => /\bbpf_spin_lock\b/.test(f.type))) return;
  ctx.report({
    code: 'bpf/flags',
    severity: 'error',
    start: span.start,
    end: span.end,
    message: ctx.t(
      `BPF_F_LOCK makes the kernel take the bpf_spin_lock inside ${map!.name}'s value, but struct ${st![1]} has no struct bpf_spin_lock field: every update fails with -EINVAL. Add a struct bpf_spin_lock to the value or drop BPF_F_LOCK.`,
      `BPF_F_LOCK 会让内核获取 ${map!.name} 值中的 bpf_spin_lock，但 struct ${st![1]} 没有 struct bpf_spin_lock 字段：每次更新都会失败（-EINVAL）。请在值中加入 struct bpf_spin_lock，或去掉 BPF_F_LOCK。`,
    ),
  });
}

const HASH_TYPES = ['BPF_MAP_TYPE_HASH', 'BPF_MAP_TYPE_LRU_HASH', 'BPF_MAP_TYPE_PERCPU_HASH', 'BPF_MAP_TYPE_LRU_PERCPU_HASH'];

/**
 * BPF_EXIST on a hash map that nothing in this file ever inserts into: the update
 * fails (-ENOENT) unless user space created the key first. A warning, since user
 * space may well do that.
 */
export function checkExistWithoutInsert(ctx: CheckContext, call: CallSite, flags: FlagValue, span: { start: number; end: number }): void {
  if (flags.terms.length !== 1 || flags.terms[0].name !== 'BPF_EXIST') return;
  const map = mapOfArgument(ctx, call, 0);
  const name = map?.name;
  const type = map?.type?.text.trim();
  if (!map || !type || !HASH_TYPES.includes(type)) return;
  const inserts = ctx.model.calls.some(
    (c) => c !== call && c.callee === 'bpf_map_update_elem' && mapArgumentName(c.args[0]?.text) === name && !/\bBPF_EXIST\b/.test(c.args[3]?.text ?? ''),
  );
  if (inserts) return;
  ctx.report({
    code: 'bpf/flags',
    severity: 'warning',
    start: span.start,
    end: span.end,
    message: ctx.t(
      `BPF_EXIST only updates keys that already exist, and nothing in this file inserts into ${name}: unless user space creates the key first, every update fails with -ENOENT. Use BPF_ANY to insert or update.`,
      `BPF_EXIST 只更新已存在的键，而本文件中没有任何地方向 ${name} 插入：除非用户态先创建该键，否则每次更新都会失败（-ENOENT）。要插入或更新请用 BPF_ANY。`,
    ),
    fixes: [{ title: ctx.t('Replace with BPF_ANY', '替换为 BPF_ANY'), edits: [{ start: flags.terms[0].start, end: flags.terms[0].end, newText: 'BPF_ANY' }] }],
  });
}
