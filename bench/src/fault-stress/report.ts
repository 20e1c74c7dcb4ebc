/** What one entry (one registered version of one action) went through. */
export interface EntryRecord {
  inflight: number;
  disposed: number;
  disposedEarly: boolean;
}

/** The outcome of a fault stress run: every count under "broken" must be 0. */
export interface FaultStressReport {
  readonly executions: { readonly completed: number; readonly abandoned: number };
  readonly transactions: number;
  readonly logger: { readonly calls: number; readonly thrown: number };
  readonly broken: {
    /** Registrations made during the run that are missing at the end. */
    readonly lostRegistrations: number;
    /** Results whose action saw two versions, or a half-migrated state. */
    readonly mixedVersions: number;
    /** Executions under the mutex that ran beside another. */
    readonly mutexOverlaps: number;
    /** Replaced entries not disposed exactly once. */
    readonly disposeNotOnce: number;
    /** Entries disposed while one of their executions still ran. */
    readonly disposedWhileRunning: number;
    /** Unhandled promise rejections during the run. */
    readonly unhandledRejections: number;
    /** Failures other than TIMEOUT/ABORTED (with the first few messages). */
    readonly unexpectedErrors: number;
  };
  readonly firstUnexpected: readonly string[];
}

/** The counters a run fills in. */
export function tally() {
  const t = {
    entries: new Map<number, EntryRecord>(),
    completed: 0,
    abandoned: 0,
    transactions: 0,
    mixed: 0,
    overlaps: 0,
    lostRegistrations: 0,
    unhandled: 0,
    logger: { calls: 0, thrown: 0 },
    unexpected: [] as string[],
    report(): FaultStressReport {
      const entries = [...t.entries.values()];
      return {
        executions: { completed: t.completed, abandoned: t.abandoned },
        transactions: t.transactions,
        logger: t.logger,
        broken: {
          lostRegistrations: t.lostRegistrations,
          mixedVersions: t.mixed,
          mutexOverlaps: t.overlaps,
          disposeNotOnce: entries.filter((entry) => entry.disposed !== 1).length,
          disposedWhileRunning: entries.filter((entry) => entry.disposedEarly).length,
          unhandledRejections: t.unhandled,
          unexpectedErrors: t.unexpected.length,
        },
        firstUnexpected: t.unexpected.slice(0, 5),
      };
    },
  };
  return t;
}

/** Whether every broken-guarantee count is 0. */
export function isClean(report: FaultStressReport): boolean {
  return Object.values(report.broken).every((count) => count === 0);
}
