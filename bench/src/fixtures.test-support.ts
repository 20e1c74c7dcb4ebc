import type { ScenarioResult } from './report';
import { summarize } from './run-scenario';
import type { Scenario } from './scenario';

const noop = (): void => undefined;

/** A scenario of two subjects and one reference baseline, summarized from fixed samples. */
export function sampleResult(): ScenarioResult {
  const scenario: Scenario = {
    id: 'demo',
    title: 'demo scenario',
    subjects: [
      { id: 'base', label: 'Map.get', ops: 1, async: false, run: noop },
      { id: 'ours', label: 'registry.get', ops: 1, async: false, run: noop },
    ],
    comparisons: [
      { id: 'get', label: 'get vs Map.get', ours: 'ours', baseline: 'base', goal: { max: 1.5, source: '#2' } },
      { id: 'slow', label: 'get vs <fast> & "ref"', ours: 'ours', baseline: { label: 'Python', nsPerOp: 2 }, goal: { max: 1, source: '#2' } },
      { id: 'info', label: 'no goal', ours: 'base', baseline: 'ours' },
    ],
  };
  return summarize(
    scenario,
    new Map([
      ['base', [10, 10, 20, 10, 10]],
      ['ours', [12, 13, 22, 30, 11]],
    ]),
  );
}
