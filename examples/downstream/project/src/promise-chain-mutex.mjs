// @ts-check
/**
 * A downstream project's own lock strategy: a mutex made of a promise chain, written
 * against the `LockStrategy` contract of @soni/core (no @soni/locking needed).
 *
 * Each call appends a link to the chain and runs when the link before it is released, so
 * holders run one at a time, in the order they asked. `runShared` is the same as
 * `runExclusive`: a mutex does not share. `timeoutMs` and `signal` let a waiter give up:
 * it rejects at once with `code: 'LOCK_TIMEOUT'` / `'LOCK_ABORTED'` (what the registry maps to
 * `ActionError` `TIMEOUT` / `ABORTED`), its function never runs, and its link passes straight
 * through when its turn comes.
 *
 * @typedef {import('@soni/core').LockStrategy} LockStrategy
 * @typedef {import('@soni/core').LockOptions} LockOptions
 * @implements {LockStrategy}
 */
export class PromiseChainMutex {
  /** Any name will do for a custom strategy. */
  kind = 'promise-chain-mutex';
  /** @type {Promise<void>} the last link: released when the latest caller is done */
  #tail = Promise.resolve();
  /** Links not released yet: the lock is busy when this is not 0 (for `timeoutMs: 0`). */
  #pending = 0;

  /**
   * @template T
   * @param {() => T | PromiseLike<T>} fn
   * @param {LockOptions} [options]
   * @returns {Promise<T>}
   */
  runExclusive(fn, options) {
    return this.#run(fn, options);
  }

  /**
   * @template T
   * @param {() => T | PromiseLike<T>} fn
   * @param {LockOptions} [options]
   * @returns {Promise<T>}
   */
  runShared(fn, options) {
    return this.#run(fn, options);
  }

  /**
   * @template T
   * @param {() => T | PromiseLike<T>} fn
   * @param {LockOptions} [options]
   * @returns {Promise<T>}
   */
  #run(fn, options = {}) {
    const { signal, timeoutMs } = options;
    if (signal?.aborted) return Promise.reject(lockError('LOCK_ABORTED', 'gave up before waiting: the signal was already aborted', signal.reason));
    // A try-lock: refused at once when anyone holds or waits, without queueing a link.
    if (timeoutMs === 0 && this.#pending > 0) return Promise.reject(lockError('LOCK_TIMEOUT', 'busy (timeoutMs: 0)'));

    const turn = this.#tail;
    /** @type {() => void} */
    let release = () => {};
    this.#pending++;
    this.#tail = new Promise((resolve) => {
      release = () => {
        this.#pending--;
        resolve();
      };
    });

    return new Promise((resolve, reject) => {
      let gaveUp = false;
      /** @type {ReturnType<typeof setTimeout> | undefined} */
      let timer;
      const stopWaiting = () => {
        if (timer !== undefined) clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      /** @param {Error} error */
      const giveUp = (error) => {
        gaveUp = true;
        stopWaiting();
        reject(error);
      };
      const onAbort = () => giveUp(lockError('LOCK_ABORTED', 'gave up waiting: the signal was aborted', signal?.reason));
      signal?.addEventListener('abort', onAbort, { once: true });
      if (timeoutMs !== undefined) timer = setTimeout(() => giveUp(lockError('LOCK_TIMEOUT', `gave up waiting after ${timeoutMs} ms`)), timeoutMs);

      void turn.then(async () => {
        if (gaveUp) {
          release();
          return;
        }
        stopWaiting();
        try {
          resolve(await fn());
        } catch (error) {
          reject(error);
        } finally {
          release();
        }
      });
    });
  }
}

/**
 * @param {'LOCK_TIMEOUT' | 'LOCK_ABORTED'} code
 * @param {string} message
 * @param {unknown} [cause]
 */
function lockError(code, message, cause) {
  return Object.assign(new Error(`promise-chain-mutex ${message}`, { cause }), { code });
}
