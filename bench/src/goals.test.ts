import { describe, expect, it } from 'vitest';
import { checkGoal, missFactor } from './goals';

describe('checkGoal', () => {
  const goal = { max: 1.5, source: '#2 core' };

  it('passes at or under the bound and fails over it', () => {
    expect(checkGoal(1.2, goal)).toBe('pass');
    expect(checkGoal(1.5, goal)).toBe('pass');
    expect(checkGoal(1.5000001, goal)).toBe('fail');
  });

  it('has no outcome without a goal', () => {
    expect(checkGoal(100, undefined)).toBeUndefined();
  });

  it('says by how much a goal is missed', () => {
    expect(missFactor(3, { max: 2, source: 'x' })).toBe(1.5);
  });
});
