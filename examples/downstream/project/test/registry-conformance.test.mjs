// @ts-check
// The registry conformance suite of @soni/testing (the seed task's thread-safety tests),
// run twice with node:test's describe/it:
// 1. against ActionRegistry as installed from the tarball;
// 2. against ActionRegistry configured with our own lock, every registration going through a
//    transaction (so through PromiseChainMutex.runExclusive): 10 × 100 concurrent global and
//    10 × 50 local registrations, reads during writes, overwrite warnings, atomic clear.
import { describe, it } from 'node:test';
import { ActionRegistry } from '@soni/core';
import { actionRegistryHarness, registryConformanceSuite } from '@soni/testing';
import { PromiseChainMutex } from '../src/promise-chain-mutex.mjs';

registryConformanceSuite({ describe, it }, 'ActionRegistry (as installed)', actionRegistryHarness(ActionRegistry));

/** @type {import('@soni/testing').RegistryHarness} */
const transactional = {
  create({ logger }) {
    ActionRegistry.clearGlobal();
    ActionRegistry.configure({ lock: new PromiseChainMutex(), logger });
    const registry = new ActionRegistry({ lock: new PromiseChainMutex(), logger });
    return {
      register: (name, fn) => ActionRegistry.transaction((tx) => tx.register(name, fn)),
      registerLocal: (name, fn) => registry.transaction((tx) => tx.register(name, fn)),
      get: (name) => registry.get(name),
      listActions: () => registry.listActions(),
      clearGlobal: () => ActionRegistry.clearGlobal(),
    };
  },
  teardown() {
    ActionRegistry.clearGlobal();
    ActionRegistry.resetConfiguration();
  },
};

registryConformanceSuite({ describe, it }, 'ActionRegistry + PromiseChainMutex, registering through transactions', transactional);
