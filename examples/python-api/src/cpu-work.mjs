// The worker module of src/to-thread.ts: plain JavaScript, which a worker thread imports as is.

/** A synchronous, CPU-bound action (the kind Python hands to asyncio.to_thread). */
export function fibonacci({ n }) {
  const fib = (k) => (k < 2 ? k : fib(k - 1) + fib(k - 2));
  return { n, value: fib(n) };
}
