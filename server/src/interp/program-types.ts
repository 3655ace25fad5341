/** Program types by ELF section (libbpf's names), and return codes by name. */
import { helperIndex } from '../helpers/database.ts';
import type { RunnableType } from './helpers/env.ts';

const sectionCache = new Map<string, string | undefined>();

/** The libbpf program type of a section name, or undefined when it is not one we recognise. */
export function programTypeOfSection(section: string): string | undefined {
  if (sectionCache.has(section)) return sectionCache.get(section);
  const t = sectionType(section);
  sectionCache.set(section, t);
  return t;
}

function sectionType(section: string): string | undefined {
  const s = section.trim();
  const head = s.split('/')[0];
  if (s.startsWith('xdp')) return 'xdp';
  if (['tc', 'tcx', 'classifier', 'sched_cls', 'netkit'].includes(head) || head.startsWith('tc') || head.startsWith('classifier')) return 'sched_cls';
  if (head === 'action' || head === 'sched_act') return 'sched_act';
  if (head.startsWith('socket')) return 'socket_filter';
  if (head === 'cgroup_skb' || s === 'cgroup/skb') return 'cgroup_skb';
  if (head === 'lwt_in' || head === 'lwt_out' || head === 'lwt_xmit' || head === 'lwt_seg6local') return head;
  const known = helperIndex().programType(head);
  return known ? known.name : undefined;
}

export const RUNNABLE: readonly RunnableType[] = ['xdp', 'sched_cls', 'sched_act', 'socket_filter', 'cgroup_skb', 'lwt_in', 'lwt_out', 'lwt_xmit'];

export function isRunnable(t: string | undefined): t is RunnableType {
  return !!t && (RUNNABLE as readonly string[]).includes(t);
}

function constantsOf(group: string): Map<number, string> {
  const out = new Map<number, string>();
  for (const c of helperIndex().constants) {
    if (c.group !== group) continue;
    const v = Number(c.value);
    if (!out.has(v) && !/MAX/.test(c.name)) out.set(v, c.name);
  }
  return out;
}

let xdp: Map<number, string> | undefined;
let tc: Map<number, string> | undefined;

/** The symbolic action of a return value (the kernel's u32 retval). */
export function actionName(type: RunnableType, retval: number): string {
  switch (type) {
    case 'xdp':
      xdp ??= constantsOf('xdp-action');
      return xdp.get(retval) ?? `XDP_UNKNOWN(${retval})`;
    case 'sched_cls':
    case 'sched_act': {
      tc ??= constantsOf('tc-action');
      const signed = retval | 0;
      return tc.get(signed) ?? `TC_ACT_UNKNOWN(${signed})`;
    }
    case 'socket_filter':
      return retval === 0 ? 'DROP' : `KEEP(${retval})`;
    case 'cgroup_skb':
      return retval & 1 ? 'SK_PASS' : 'SK_DROP';
    default:
      tc ??= constantsOf('tc-action');
      return retval === 0 ? 'BPF_OK' : retval === 2 ? 'BPF_DROP' : retval === 7 ? 'BPF_REDIRECT' : `RET(${retval | 0})`;
  }
}
