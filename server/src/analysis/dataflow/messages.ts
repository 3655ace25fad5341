/**
 * The words of the three checks, in English and Simplified Chinese: what is
 * wrong, why the kernel cares, how to fix it.
 */
import type { Locale } from '../../helpers/schema.ts';
import type { FindingDetail } from './analyzer.ts';

export function findingMessage(d: FindingDetail, locale: Locale): string {
  const zh = locale === 'zh-CN';
  switch (d.kind) {
    case 'stale':
      if (d.viaEnd) {
        return zh
          ? `此处的边界检查用的是 ${d.helper}() 调用之前读取的 data_end。该 helper 可能移动或改变数据包，调用后验证器会作废所有数据包指针（包括 data_end），所以这个检查什么也证明不了，访问会被拒绝。请在调用后从上下文重新读取 data 和 data_end，再做一次边界检查。`
          : `This bounds check compares against a data_end read before ${d.helper}() changed the packet. The verifier invalidates every packet pointer, data_end included, at such a call, so the check proves nothing and the access is rejected. Reload data and data_end from the context after the call and check again.`;
      }
      if (d.helper === 'bpf_tail_call') {
        return zh
          ? `数据包指针在 bpf_tail_call() 之后被使用。尾调用失败时才会执行到这里，但从 Linux 6.13 起验证器假定被调用的程序可能改动了数据包，调用后把所有数据包指针视为无效，因此这里的访问会被拒绝。请在尾调用之后重新读取 data 和 data_end 并重新检查边界。`
          : `Packet pointer used after bpf_tail_call(). Execution only gets here when the tail call fails, but since Linux 6.13 the verifier assumes the target program may have changed the packet and invalidates every packet pointer at the call, so this access is rejected. Reload data and data_end after the call and check the bounds again.`;
      }
      return zh
        ? `数据包指针在 ${d.helper}() 之后被使用，但没有重新从上下文读取。该 helper 可能移动或改变数据包的大小，调用后验证器会把所有由 ctx->data / data_end 派生的指针视为无效（普通数字），因此这里的访问会被拒绝（invalid mem access）。请在调用后重新读取 data 和 data_end，重新推导指针并做边界检查。`
        : `Packet pointer used after ${d.helper}() without being reloaded from the context. That helper may move or resize the packet, so the verifier turns every pointer derived from ctx->data / data_end into an unknown number at the call and rejects this access ("invalid mem access"). Reload data and data_end after the call, derive the pointer again and bounds-check it.`;
    case 'bounds': {
      const end = d.off + d.size;
      if (d.variable) {
        return zh
          ? `数据包访问越过了已证明的范围：这个指针带有可变偏移，验证器会把它当作一个新指针（已证明 0 字节），原来的边界检查不再适用；这里需要 ${end} 字节，而在这条路径上只证明了 ${d.range} 字节。请先限制偏移量的上限，再用这个指针本身与 data_end 比较，例如 if ((void *)(p + 1) > data_end) return ...;`
          : `Packet access beyond the proven bounds: this pointer has a variable offset, and the verifier treats it as a new pointer with nothing proven, so earlier checks do not carry over. The access needs ${end} bytes but only ${d.range} are proven on this path. Bound the offset, then compare this pointer itself against data_end, e.g. if ((void *)(p + 1) > data_end) return ...;`;
      }
      return zh
        ? `数据包访问没有边界检查：这里访问到数据包的第 ${end} 字节，但在这条路径上只证明了 ${d.range} 字节位于 data_end 之前。验证器拒绝任何它无法证明不越过 data_end 的数据包访问。请在访问前加上检查，例如 if ((void *)(hdr + 1) > data_end) return ...;（注意 > 与 >= 的差别以及所访问的最后一个字节）。`
        : `Packet access without a sufficient bounds check: it reaches byte ${end} of the packet, but only ${d.range} bytes are proven to lie before data_end on this path. The verifier rejects every packet access it cannot prove stays before data_end. Check first, e.g. if ((void *)(hdr + 1) > data_end) return ...; (mind > versus >= and the last byte actually accessed).`;
    }
    case 'null': {
      const what =
        d.use === 'arith'
          ? zh
            ? '在 NULL 检查之前对它做了指针运算'
            : 'is used in pointer arithmetic before a NULL check'
          : d.use === 'arg'
            ? zh
              ? '在 NULL 检查之前被传给了需要非空指针的地方'
              : 'is passed where a non-NULL pointer is required before a NULL check'
            : zh
              ? '在 NULL 检查之前被解引用'
              : 'is dereferenced before a NULL check';
      return zh
        ? `${d.helper} 的结果可能为 NULL，这里它${what}（至少有一条路径没有检查）。验证器把这种指针视为 “或为 NULL”，在检查之前拒绝任何使用。请先检查，例如 if (!p) return ...;`
        : `The result of ${d.helper} may be NULL and ${what} (on at least one path). The verifier treats it as "maybe NULL" and rejects any use until it is tested. Test it first, e.g. if (!p) return ...;`;
    }
  }
}

export function relatedMessage(d: FindingDetail, locale: Locale): string | undefined {
  const zh = locale === 'zh-CN';
  switch (d.kind) {
    case 'stale':
      return zh ? `${d.helper}() 在此使所有数据包指针失效` : `${d.helper}() invalidates all packet pointers here`;
    case 'null':
      return zh ? `可能为 NULL 的指针来自这里` : 'the maybe-NULL pointer comes from here';
    default:
      return undefined;
  }
}

export function fixTitle(kind: 'stale' | 'null', locale: Locale, name?: string): string {
  const zh = locale === 'zh-CN';
  if (kind === 'stale') return zh ? '在调用后重新读取 data/data_end 并重新检查边界' : 'Reload data/data_end after the call and re-check the bounds';
  return zh ? `在使用前检查 ${name ?? '指针'} 是否为 NULL` : `Check ${name ?? 'the pointer'} for NULL before using it`;
}

export const STUB_COMMENT = { en: 're-derive the packet pointers used below from data', zh: '请在此从 data 重新推导后面用到的数据包指针' };
