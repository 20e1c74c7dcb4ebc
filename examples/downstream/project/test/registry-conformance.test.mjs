// @ts-check
// The registry conformance suite of @soni/testing (the Python original's thread-safety tests,
// plus the fault scenarios), run twice with node:test's describe/it:
// 1. against ActionRegistry as installed from the tarball;
// 2. against ActionRegistry configured with our own lock (PromiseChainMutex), claiming
//    executions: an execution whose caller timed out must keep our mutex until its action
//    settles, so the next execution never runs beside it.
// The harness sets the application's own global actions and configuration aside for each
// test and puts them back afterwards (preserveGlobalRegistry), so this file could live beside
// an application's own tests.
import { describe, it } from 'node:test';
import { ActionRegistry } from '@soni/core';
import { actionRegistryHarness, registryConformanceSuite } from '@soni/testing';
import { PromiseChainMutex } from '../src/promise-chain-mutex.mjs';

registryConformanceSuite({ describe, it }, 'ActionRegistry (as installed)', actionRegistryHarness(ActionRegistry));

registryConformanceSuite({ describe, it }, 'ActionRegistry + PromiseChainMutex, with executions', actionRegistryHarness(ActionRegistry), {
  executions: { lock: () => new PromiseChainMutex() },
});
