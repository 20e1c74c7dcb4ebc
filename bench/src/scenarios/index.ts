import type { Scenario } from '../scenario';
import { contendedMixedScenario, contendedWritesScenario } from './contended';
import { executeScenario } from './execute';
import { listingScenario } from './listing';
import { loggingScenario } from './logging';
import { lookupScenario } from './lookup';
import { observabilityScenario } from './observability';
import { processContendedScenario, processUncontendedScenario } from './process-costs';
import { redisContendedScenario, redisUncontendedScenario, redisUnavailable } from './redis';
import { registrationScenario } from './registration';
import { transactionScenario } from './transaction';
import { uncontendedExclusiveScenario, uncontendedSharedScenario } from './uncontended';
import { workersCpuScenario, workersOverheadScenario } from './workers';

/**
 * Every scenario, in report order; each is built only when it runs. `unavailable` says why a
 * scenario cannot run here (a service it needs is missing); the run then skips it with that line.
 */
export const SCENARIOS: readonly { id: string; create: () => Scenario; unavailable?: () => Promise<string | undefined> }[] = [
  { id: 'lookup', create: lookupScenario },
  { id: 'listing', create: listingScenario },
  { id: 'registration', create: registrationScenario },
  { id: 'execute', create: executeScenario },
  { id: 'observability', create: observabilityScenario },
  { id: 'uncontended-exclusive', create: uncontendedExclusiveScenario },
  { id: 'uncontended-shared', create: uncontendedSharedScenario },
  { id: 'contended-writes', create: contendedWritesScenario },
  { id: 'contended-mixed', create: contendedMixedScenario },
  { id: 'transaction', create: transactionScenario },
  { id: 'logging', create: loggingScenario },
  { id: 'process-uncontended', create: processUncontendedScenario },
  { id: 'process-contended', create: processContendedScenario },
  { id: 'redis-uncontended', create: redisUncontendedScenario, unavailable: redisUnavailable },
  { id: 'redis-contended', create: redisContendedScenario, unavailable: redisUnavailable },
  { id: 'workers-cpu', create: workersCpuScenario },
  { id: 'workers-overhead', create: workersOverheadScenario },
];
