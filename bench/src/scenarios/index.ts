import type { Scenario } from '../scenario';
import { contendedMixedScenario, contendedWritesScenario } from './contended';
import { executeScenario } from './execute';
import { listingScenario } from './listing';
import { loggingScenario } from './logging';
import { lookupScenario } from './lookup';
import { observabilityScenario } from './observability';
import { processContendedScenario, processUncontendedScenario } from './process-costs';
import { registrationScenario } from './registration';
import { transactionScenario } from './transaction';
import { uncontendedExclusiveScenario, uncontendedSharedScenario } from './uncontended';

/** Every scenario, in report order; each is built only when it runs. */
export const SCENARIOS: readonly { id: string; create: () => Scenario }[] = [
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
];
