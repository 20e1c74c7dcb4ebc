import type { ActionFunc, ActionOptions } from './action-types';
import type { ActionScope } from './action-scope';

/**
 * One registration. Executions count themselves in `inflight` so that `dispose` runs only
 * once the entry is retired (replaced or removed) *and* no execution of it is running,
 * whatever lock strategy is configured; an execution whose caller gave up still counts until
 * its action settles.
 */
export class ActionEntry {
  inflight = 0;
  retired = false;
  disposed = false;

  constructor(
    readonly name: string,
    readonly fn: ActionFunc,
    readonly options: ActionOptions,
    readonly scope: ActionScope,
  ) {}

  /** Called by an execution when it starts using this entry. */
  enter(): void {
    this.inflight++;
  }

  /** Called by an execution when it is done with this entry (its action settled, or it never ran). */
  leave(): void {
    this.inflight--;
    if (this.retired && this.inflight === 0) this.scope.dispose(this);
  }
}
