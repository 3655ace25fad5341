/**
 * Run-time structures of the compiled program: the machine (one run: step
 * budget, stack accounting, the environment helpers see) and frames (one per
 * active function call). Compiled code is closures over these.
 */
import type { Region, Value } from '../memory/region.ts';
import { Fault } from './fault.ts';
import type { CType } from '../types/ctypes.ts';

/** Expression closure. */
export type Ev = (f: Frame) => Value;
/** Statement closure: returns a completion code. */
export type Exec = (f: Frame) => number;

export const NORMAL = 0;
export const BREAK = 1;
export const CONTINUE = 2;
export const RETURN = 3;
export const GOTO = 4;

/** The verifier's instruction budget, counted here in evaluated statements and loop tests. */
export const STEP_LIMIT = 1_000_000;
/** MAX_BPF_STACK. */
export const STACK_LIMIT = 512;
/** Nested calls allowed (the verifier's MAX_CALL_FRAMES is 8 for real calls; inlined functions do not count there). */
export const MAX_CALL_DEPTH = 64;

export interface FnImpl {
  name: string;
  /** Bytes of stack the function's aggregate and address-taken locals take (each rounded to 8). */
  frameBytes: number;
  nslots: number;
  /** Binds the evaluated arguments into a new frame. */
  bind: (f: Frame, args: Value[]) => void;
  body: Exec;
  ret: CType;
  /** Converts a returned value to the return type. */
  retConv: (v: Value) => Value;
  range: readonly [number, number];
  active: number;
}

export class Frame {
  s: (Value | Region | undefined)[];
  ret: Value = 0;
  label = '';
  constructor(
    readonly m: Machine,
    readonly fn: FnImpl,
  ) {
    this.s = new Array(fn.nslots);
  }
}

/** Receives assigned values per source line for inline display. */
export type LineRecorder = (line: number, name: string, v: Value) => void;

export class Machine {
  steps = 0;
  stackUsed = 0;
  depth = 0;
  rec: LineRecorder | null = null;
  constructor(
    /** The run's environment (packet, context, maps, helpers' state); typed by run.ts. */
    readonly env: unknown,
    /** Global variables' regions, by the index the compiler gave them. */
    readonly globals: Region[],
    readonly stepLimit = STEP_LIMIT,
  ) {}

  step(at: readonly [number, number]): void {
    if (++this.steps > this.stepLimit) {
      throw new Fault(`step limit reached: more than ${this.stepLimit} steps (the verifier would reject a program this long-running; is a loop unbounded?)`, 'step-limit', at[0], at[1]);
    }
  }

  call(fn: FnImpl, args: Value[], at: readonly [number, number]): Value {
    if (fn.active > 0) throw new Fault(`recursive call of ${fn.name}: BPF programs cannot recurse`, 'unsupported', at[0], at[1]);
    if (this.depth >= MAX_CALL_DEPTH) throw new Fault(`call depth over ${MAX_CALL_DEPTH} nested calls`, 'stack-limit', at[0], at[1]);
    const used = this.stackUsed + fn.frameBytes;
    if (used > STACK_LIMIT) {
      throw new Fault(
        `stack over ${STACK_LIMIT} bytes: ${fn.name} needs ${fn.frameBytes} byte(s) of stack on top of ${this.stackUsed} used by its callers`,
        'stack-limit',
        at[0],
        at[1],
      );
    }
    const f = new Frame(this, fn);
    fn.bind(f, args);
    this.stackUsed = used;
    this.depth++;
    fn.active++;
    try {
      fn.body(f);
    } catch (e) {
      // a fault raised without a position points at the call
      if (e instanceof Fault && e.start < 0) {
        e.start = at[0];
        e.end = at[1];
      }
      throw e;
    } finally {
      fn.active--;
      this.depth--;
      this.stackUsed -= fn.frameBytes;
    }
    return fn.retConv(f.ret);
  }
}
