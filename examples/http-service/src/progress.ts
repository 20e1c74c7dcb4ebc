/**
 * A status line: on a terminal it stays at the bottom and is redrawn in place; elsewhere (CI,
 * a pipe) it is printed as a plain line every second, so logs stay readable.
 */
export interface Progress {
  /** Redraws the status if it is due (at most every 80 ms on a TTY, every second otherwise). */
  tick(): void;
  /** Prints a line above the status line. */
  log(line: string): void;
  /** Prints the final status and leaves it. */
  done(): void;
}

/** @param render - builds the current status line; called whenever it is drawn */
export function createProgress(render: () => string, stream: NodeJS.WriteStream = process.stdout): Progress {
  const tty = stream.isTTY;
  const interval = tty ? 80 : 1_000;
  let last = -Infinity;
  let drawn = false;

  const clear = (): void => {
    if (drawn) stream.write('\r\x1b[2K');
    drawn = false;
  };
  const draw = (): void => {
    if (tty) {
      stream.write(`\r\x1b[2K${render()}`);
      drawn = true;
    } else {
      stream.write(`${render()}\n`);
    }
    last = performance.now();
  };

  return {
    tick() {
      if (performance.now() - last >= interval) draw();
    },
    log(line) {
      clear();
      stream.write(`${line}\n`);
      if (tty) draw();
    },
    done() {
      clear();
      stream.write(`${render()}\n`);
    },
  };
}
