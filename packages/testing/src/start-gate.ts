/**
 * A one-shot gate: every `wait()` stays pending until `open()`, then all resolve in the same
 * turn, in the order they started waiting. This is how the harnesses release N tasks
 * "together": they are all created and parked first, so none gets a head start.
 *
 * @example
 * ```ts
 * const gate = createStartGate();
 * const tasks = [1, 2, 3].map(async (i) => { await gate.wait(); return i; });
 * gate.open();
 * await Promise.all(tasks);
 * ```
 */
export interface StartGate {
  /** Resolves once the gate is open (at once if it already is). */
  wait(): Promise<void>;
  /** Opens the gate; later calls do nothing. */
  open(): void;
  /** Whether `open()` has been called. */
  readonly isOpen: boolean;
  /** How many `wait()` calls have been made so far. */
  readonly waiting: number;
}

/** Creates a closed {@link StartGate}. */
export function createStartGate(): StartGate {
  let release!: () => void;
  const opened = new Promise<void>((resolve) => {
    release = resolve;
  });
  let isOpen = false;
  let waiting = 0;
  return {
    wait: () => {
      waiting += 1;
      return opened;
    },
    open: () => {
      isOpen = true;
      release();
    },
    get isOpen() {
      return isOpen;
    },
    get waiting() {
      return waiting;
    },
  };
}
