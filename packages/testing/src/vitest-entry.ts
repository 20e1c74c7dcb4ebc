/**
 * vitest bindings of `@soni/testing`: the conformance suites registered with vitest's own
 * `describe`/`it`, and a log capture that is cleared before each test. Import from
 * `@soni/testing/vitest` (ESM only, like vitest); the main entry never imports vitest.
 *
 * @module @soni/testing/vitest
 */
import { beforeEach, describe, it } from 'vitest';
import type { LockCapabilities, LockFactory, LockSuiteOptions } from './lock-conformance/index';
import { lockConformanceSuite } from './lock-conformance/index';
import { createLogCapture } from './log-capture';
import type { LogCapture, LogCaptureOptions } from './log-capture';
import type { RegistryHarness, RegistrySuiteOptions } from './registry-conformance/index';
import { registryConformanceSuite } from './registry-conformance/index';

/**
 * Registers the lock conformance suite with vitest.
 *
 * @example
 * ```ts
 * import { describeLockConformance } from '@soni/testing/vitest';
 * describeLockConformance('MutexLock', () => new MutexLock(), { fifo: true, timeouts: true, abort: true });
 * ```
 */
export function describeLockConformance(name: string, factory: LockFactory, capabilities: LockCapabilities = {}, options: LockSuiteOptions = {}): void {
  lockConformanceSuite({ describe, it }, name, factory, capabilities, options);
}

/**
 * Registers the registry conformance suite with vitest.
 *
 * @example
 * ```ts
 * import { actionRegistryHarness } from '@soni/testing';
 * import { describeRegistryConformance } from '@soni/testing/vitest';
 * describeRegistryConformance('MyRegistry', actionRegistryHarness(MyRegistry));
 * ```
 */
export function describeRegistryConformance(name: string, harness: RegistryHarness, options: RegistrySuiteOptions = {}): void {
  registryConformanceSuite({ describe, it }, name, harness, options);
}

/**
 * A {@link LogCapture} cleared before each test of the enclosing `describe` (or file):
 * the `caplog` fixture of pytest.
 *
 * @example
 * ```ts
 * const caplog = useLogCapture({ level: 'warn' });
 * beforeEach(() => { ActionRegistry.configure({ logger: caplog }); });
 * it('warns on overwrite', () => {
 *   ActionRegistry.register('x')(a); ActionRegistry.register('x')(b);
 *   caplog.assertLogged({ level: 'warn', message: 'Overwriting' });
 * });
 * ```
 */
export function useLogCapture(options: LogCaptureOptions = {}): LogCapture {
  const capture = createLogCapture(options);
  beforeEach(() => {
    capture.clear();
  });
  return capture;
}
