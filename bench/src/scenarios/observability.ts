import { subscribe, tracingChannel, unsubscribe } from 'node:diagnostics_channel';
import { ActionHandler, ActionRegistry, REGISTRY_CHANNELS, type ActionInputs, type ExecutionTrace } from '@soni/core';
import { silentLogger } from '@soni/logging';
import type { Scenario } from '../scenario';
import { sink } from '../scenario';
import { actionFor, names } from './fixtures';

const CALLS = 100;
const REGISTRATIONS = 1000;

/**
 * What the registry's `diagnostics_channel` events cost. The same 100 sequential
 * `execute(name, inputs)` calls, and the same 1000 `registerLocal` calls, with nobody
 * subscribed and with a subscriber attached for the subject's timed phase only (subscribed in
 * `beforeAll`, unsubscribed in `afterAll`). With nobody subscribed, `execute` pays one
 * `hasSubscribers` check and takes the same path as in the `execute` scenario; that path is
 * the one the zero-cost goals measure. The ratios say what an APM costs once it subscribes.
 */
export function observabilityScenario(): Scenario {
  // eslint-disable-next-line @typescript-eslint/require-await -- actions are async functions; this one has nothing to wait for
  const action = async (inputs: ActionInputs): Promise<{ doubled: number }> => ({ doubled: Number(inputs.n) * 2 });
  const inputs = { n: 21 };
  const executor = new ActionRegistry({ logger: silentLogger() });
  executor.registerLocal('double', action);
  const handler = new ActionHandler(executor);

  // What an APM does with the tracing channel, short of building spans: keep state per
  // execution in a WeakMap keyed by its context object, read the duration at the end.
  const started = new WeakMap<ExecutionTrace, number>();
  const ignore = (): void => undefined;
  const tracer = {
    start: (trace: ExecutionTrace): void => {
      started.set(trace, 0);
    },
    end: ignore,
    asyncStart: ignore,
    asyncEnd: (trace: ExecutionTrace): void => {
      if (started.delete(trace)) sink.value += trace.durationMs > 0 ? 1 : 0;
    },
    error: ignore,
  };
  const execute = tracingChannel<ExecutionTrace>(REGISTRY_CHANNELS.execute);

  const batch = names(REGISTRATIONS, 'observed_');
  const fns = batch.map(actionFor);
  const registrar = new ActionRegistry({ logger: silentLogger() });
  let heard = 0;
  const onRegister = (): void => {
    heard++;
  };
  return {
    id: 'observability',
    title: 'diagnostics_channel events: nobody subscribed vs a subscriber attached',
    teardown: () => {
      registrar.clearLocal();
      if (heard === 0) throw new Error('the register subscriber heard nothing');
    },
    subjects: [
      {
        id: 'execute-quiet',
        label: 'execute, nobody subscribed',
        ops: CALLS,
        async: true,
        run: async () => {
          let total = 0;
          for (let i = 0; i < CALLS; i++) total += Number((await handler.execute('double', inputs)).doubled);
          sink.value += total;
        },
      },
      {
        id: 'execute-traced',
        label: 'execute, tracing subscriber attached',
        ops: CALLS,
        async: true,
        beforeAll: () => {
          execute.subscribe(tracer);
        },
        afterAll: () => {
          execute.unsubscribe(tracer);
        },
        run: async () => {
          let total = 0;
          for (let i = 0; i < CALLS; i++) total += Number((await handler.execute('double', inputs)).doubled);
          sink.value += total;
        },
      },
      {
        id: 'register-quiet',
        label: 'registerLocal ×1000, nobody subscribed',
        ops: REGISTRATIONS,
        async: false,
        beforeEach: () => {
          registrar.clearLocal();
        },
        run: () => {
          for (let i = 0; i < REGISTRATIONS; i++) registrar.registerLocal(batch[i] ?? '', fns[i] ?? action);
          sink.value += registrar.listActions().local.length;
        },
      },
      {
        id: 'register-subscribed',
        label: `registerLocal ×1000, '${REGISTRY_CHANNELS.register}' subscriber attached`,
        ops: REGISTRATIONS,
        async: false,
        beforeEach: () => {
          registrar.clearLocal();
        },
        beforeAll: () => {
          subscribe(REGISTRY_CHANNELS.register, onRegister);
        },
        afterAll: () => {
          unsubscribe(REGISTRY_CHANNELS.register, onRegister);
        },
        run: () => {
          for (let i = 0; i < REGISTRATIONS; i++) registrar.registerLocal(batch[i] ?? '', fns[i] ?? action);
          sink.value += registrar.listActions().local.length;
        },
      },
    ],
    comparisons: [
      { id: 'execute-traced-vs-quiet', label: 'execute: a tracing subscriber attached vs nobody subscribed', ours: 'execute-traced', baseline: 'execute-quiet' },
      { id: 'register-subscribed-vs-quiet', label: 'registerLocal: a register subscriber attached vs nobody subscribed', ours: 'register-subscribed', baseline: 'register-quiet' },
    ],
  };
}
