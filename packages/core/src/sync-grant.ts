/**
 * A fast path between the registry and the strategies built on core's own engine (and the
 * no-op ones). When a lock can grant a shared hold synchronously (free, nobody queued, no
 * holder tracking, no diagnostics subscriber), the handler takes it directly and releases it
 * in the same `then` that settles the execution: one promise hop instead of three, which is
 * most of what an execution costs (measured: 250 ns → about 110 ns on Node 20).
 *
 * Strategies opt in by exposing an object under {@link SYNC_SHARED_GRANT}. Custom strategies
 * need not: they take the general path, which checks what they return.
 *
 * @packageDocumentation
 */

/** Where a strategy exposes its {@link SyncSharedGrant}; shared by every copy of the package. */
export const SYNC_SHARED_GRANT: unique symbol = Symbol.for('@soni/core.sync-shared-grant') as never;

/** Taking and releasing an uncontended shared hold without a promise. */
export interface SyncSharedGrant {
  /** Takes a shared hold (exclusive on a mutex) if that needs no waiting and no bookkeeping; false otherwise. */
  trySharedNow(): boolean;
  /** Releases a hold taken by `trySharedNow`. */
  releaseShared(): void;
}

/** The grant protocol of `lock`, if it offers one. */
export function syncSharedGrantOf(lock: object): SyncSharedGrant | undefined {
  return (lock as { [SYNC_SHARED_GRANT]?: SyncSharedGrant })[SYNC_SHARED_GRANT];
}

/** The protocol of a lock that coordinates nothing: always granted, nothing to release. */
export const UNLOCKED_GRANT: SyncSharedGrant = Object.freeze({
  // Stryker disable next-line BooleanLiteral: refusing only sends the execution down the general path, through the same no-op lock
  trySharedNow: () => true,
  releaseShared: () => undefined,
});
