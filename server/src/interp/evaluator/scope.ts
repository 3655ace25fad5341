/** Names the compiler resolves: ordinary identifiers and struct/union/enum tags, block by block. */
import type { MapDef } from '../maps/map-base.ts';
import type { CType, FnType, IntType } from '../types/ctypes.ts';
import type { FnImpl } from './machine.ts';

export type Binding =
  | { k: 'local'; name: string; type: CType; slot: number; mem: boolean }
  | { k: 'global'; name: string; type: CType; index: number; section: string; constant: boolean }
  | { k: 'func'; name: string; type: FnType; impl: () => FnImpl; section?: string }
  | { k: 'helper'; name: string; type: FnType; id: number }
  | { k: 'enum'; name: string; type: IntType; value: bigint }
  | { k: 'map'; name: string; type: CType; def: MapDef }
  | { k: 'typedef'; name: string; type: CType }
  /** A function declared with an LLVM intrinsic as its asm label (`load_byte(...) asm("llvm.bpf.load.byte")`). */
  | { k: 'intrinsic'; name: string; type: FnType; intrinsic: string };

export class Scope {
  readonly names = new Map<string, Binding>();
  /** "struct foo", "union bar", "enum baz". */
  readonly tags = new Map<string, CType>();

  constructor(readonly parent?: Scope) {}

  lookup(name: string): Binding | undefined {
    const b = this.names.get(name);
    if (b) return b;
    return this.parent?.lookup(name);
  }

  lookupTag(key: string): CType | undefined {
    const t = this.tags.get(key);
    if (t) return t;
    return this.parent?.lookupTag(key);
  }

  get global(): Scope {
    return this.parent ? this.parent.global : this;
  }
}
