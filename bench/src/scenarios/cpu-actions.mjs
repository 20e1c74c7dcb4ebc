// The actions of the worker scenarios, in plain JavaScript: a pool thread loads this file as
// is, and the inline subjects import the same functions, so both sides run the same code.

/** CPU-bound for `ms` milliseconds: the thread that runs it can do nothing else meanwhile. */
export function burn({ ms }) {
  const end = performance.now() + ms;
  let spins = 0;
  while (performance.now() < end) spins++;
  return { spins };
}

/** A trivial action: what is left is the cost of getting there and back. */
export function double({ n }) {
  return { doubled: n * 2 };
}

/** The same as a piscina task function (piscina passes the task alone). */
export function doubleTask(task) {
  return { doubled: task.n * 2 };
}
