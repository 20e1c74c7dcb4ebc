// Run by diagnostics-subscribers.test.ts in a child process: subscribers that throw, on every
// registry channel, ahead of subscribers that record. Node 20 catches a subscriber's throw in
// `publish` and rethrows it on the next tick as an uncaught exception, so what the registry
// must guarantee is that the change is complete and consistent whatever its subscribers do.
// `handled` counts those exceptions with an uncaughtException handler and prints a JSON
// report; `unhandled` has none, so the first throw crashes the process (after the change).
import { subscribe, tracingChannel } from 'node:diagnostics_channel';
import { ActionError, ActionHandler, ActionRegistry, REGISTRY_CHANNELS, type ExecutionTrace, type Logger } from './index';

const mode = process.argv[2];
const nothing = (): void => undefined;
const logger: Logger = { debug: nothing, info: nothing, warn: nothing, error: nothing };

if (mode === 'unhandled') {
  const registry = new ActionRegistry({ logger });
  subscribe(REGISTRY_CHANNELS.register, (message) => {
    throw new Error(`register subscriber failed for ${(message as { action: string }).action}`);
  });
  registry.registerLocal('a', () => ({}));
  // eslint-disable-next-line no-console -- the parent test reads this line; it is printed before the crash
  console.log(`registered: ${JSON.stringify(registry.list())}`);
} else {
  let uncaught = 0;
  process.on('uncaughtException', () => {
    uncaught++;
  });
  const fail = (where: string) => (): never => {
    throw new Error(`${where} subscriber failed`);
  };

  // Filled before anyone subscribes: only the executions below are published.
  const executor = new ActionRegistry({ logger });
  executor.registerLocal('run', () => ({ ok: true }));
  executor.registerLocal('fail', () => {
    throw new Error('action failed');
  });

  const heard: string[] = [];
  const plain = ['register', 'unregister', 'commit', 'clear'] as const;
  for (const channel of plain) subscribe(REGISTRY_CHANNELS[channel], fail(channel));
  for (const channel of plain) {
    subscribe(REGISTRY_CHANNELS[channel], (message) => {
      const m = message as { action?: string; registered?: string[]; count?: number };
      heard.push(`${channel} ${m.action ?? m.registered?.join(',') ?? String(m.count)}`);
    });
  }
  const traced: string[] = [];
  tracingChannel<ExecutionTrace>(REGISTRY_CHANNELS.execute).subscribe({
    start: fail('start'),
    end: fail('end'),
    asyncStart: fail('asyncStart'),
    asyncEnd: (trace) => {
      traced.push(`${trace.action} ${String(trace.scope)}`);
      throw new Error('asyncEnd subscriber failed');
    },
    error: fail('error'),
  });

  const disposed: string[] = [];
  const labels = new Map<unknown, string>();
  const action = (label: string) => {
    const fn = (): Record<string, unknown> => ({ label });
    labels.set(fn, label);
    return fn;
  };
  const registry = new ActionRegistry({ logger });
  registry.registerLocal('a', action('a'));
  registry.registerLocal('b', action('b v1'), { dispose: () => void disposed.push('b v1') });
  const afterRegister = registry.list();
  registry.registerLocal('b', action('b v2'), { dispose: () => void disposed.push('b v2') });
  const afterReplace = labels.get(registry.get('b'));
  registry.unregisterLocal('a');
  const afterUnregister = registry.list();
  await registry.transaction((tx) => {
    tx.register('c', action('c'), { dispose: () => void disposed.push('c') });
    tx.register('d', action('d'));
    tx.unregister('b');
  });
  const afterCommit = registry.list();
  registry.clearLocal();
  const afterClear = registry.list();

  const handler = new ActionHandler(executor);
  const executed = await handler.execute('run');
  const failed = await handler.execute('fail').then(
    () => 'resolved',
    (error: unknown) => (ActionError.isInstance(error) ? error.code : 'not an ActionError'),
  );

  setTimeout(() => {
    const report = { afterRegister, afterReplace, afterUnregister, afterCommit, afterClear, executed, failed, disposed, heard, traced, uncaught };
    // eslint-disable-next-line no-console -- the parent test reads this report
    console.log(JSON.stringify(report));
  }, 20);
}
