import { describe, expect, it } from 'vitest';
import { selfDeadlockDetectionDefault } from './self-deadlock-detection';

const production = { NODE_ENV: 'production' };

describe('the self-deadlock detection default, decided from the environment given', () => {
  it('takes the Node version from the process when none is given', () => {
    const major = Number.parseInt(process.versions.node, 10);
    const decided = selfDeadlockDetectionDefault({ env: production, execArgv: [] });
    expect(decided).toEqual(major >= 24 ? { enabled: true, reason: 'async-context-frame' } : { enabled: false, reason: 'production' });
  });

  it('treats missing env and execArgv as empty', () => {
    expect(selfDeadlockDetectionDefault({ nodeVersion: '20.20.0' })).toEqual({ enabled: false, reason: 'production' });
  });

  it('finds the async-context-frame flag among several NODE_OPTIONS, separated by any whitespace', () => {
    const env = { ...production, NODE_OPTIONS: '--max-old-space-size=512\t--experimental-async-context-frame' };
    expect(selfDeadlockDetectionDefault({ env, execArgv: [], nodeVersion: '22.12.0' })).toEqual({ enabled: true, reason: 'async-context-frame' });
    const other = { ...production, NODE_OPTIONS: '--experimental-async-context-frame-x' };
    expect(selfDeadlockDetectionDefault({ env: other, execArgv: [], nodeVersion: '22.12.0' })).toEqual({ enabled: false, reason: 'production' });
  });

  it('on Node 22 needs the flag, and before 22 ignores it', () => {
    expect(selfDeadlockDetectionDefault({ env: production, execArgv: [], nodeVersion: '22.0.0' })).toEqual({ enabled: false, reason: 'production' });
    expect(selfDeadlockDetectionDefault({ env: production, execArgv: ['--experimental-async-context-frame'], nodeVersion: '22.0.0' }).reason).toBe('async-context-frame');
    expect(selfDeadlockDetectionDefault({ env: production, execArgv: ['--experimental-async-context-frame'], nodeVersion: '21.9.0' }).reason).toBe('production');
  });

  it('on Node 24 is on unless the frame is turned off', () => {
    expect(selfDeadlockDetectionDefault({ env: production, execArgv: [], nodeVersion: '24.0.0' }).reason).toBe('async-context-frame');
    expect(selfDeadlockDetectionDefault({ env: production, execArgv: ['--no-async-context-frame'], nodeVersion: '24.0.0' }).reason).toBe('production');
  });
});
