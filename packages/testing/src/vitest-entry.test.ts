import { describe, expect, it } from 'vitest';
import { ActionRegistry } from '@soni/core';
import { actionRegistryHarness } from './registry-conformance/index';
import { ReferenceLock } from './reference-lock.fixture';
import { describeLockConformance, describeRegistryConformance, useLogCapture } from './vitest-entry';

describeLockConformance('reference mutex (vitest binding)', () => new ReferenceLock(), { fifo: true, abort: true });
describeRegistryConformance('ActionRegistry (vitest binding)', actionRegistryHarness(ActionRegistry), { readWriteDurationMs: 50 });

describe('useLogCapture', () => {
  const caplog = useLogCapture({ level: 'warn' });

  it('captures warnings of a registry (first test)', () => {
    const registry = new ActionRegistry({ logger: caplog });
    registry.registerLocal('dup', function first() { return {}; });
    registry.registerLocal('dup', function second() { return {}; });
    caplog.assertLogged({ level: 'warn', message: "Overwriting existing local action 'dup'. Previous: first, New: second" }, 1);
  });

  it('starts each test empty (second test)', () => {
    expect(caplog.records).toEqual([]);
  });
});
