import type { BatonEvent } from '../../core/index.js';

/** What progress shows of one component. */
export interface ComponentProgress {
  id: string;
  state: string;
  attempt: number;
  /** What the current attempt is doing: calling the model, running checks… */
  activity: string;
  reason: string | undefined;
}

/** The state both progress views draw from, updated by events alone. */
export class ProgressModel {
  readonly components = new Map<string, ComponentProgress>();
  runId: string | undefined;
  maxAttempts = 0;
  runStatus: string | undefined;

  constructor(componentIds: readonly string[] = [], maxAttempts = 0) {
    for (const id of componentIds) this.entry(id);
    this.maxAttempts = maxAttempts;
  }

  entry(id: string): ComponentProgress {
    let entry = this.components.get(id);
    if (!entry) {
      entry = { id, state: 'pending', attempt: 0, activity: '', reason: undefined };
      this.components.set(id, entry);
    }
    return entry;
  }

  /** Applies an event; returns the component it changed, if any. */
  apply(event: BatonEvent): ComponentProgress | undefined {
    switch (event.type) {
      case 'run-start':
        this.runId = event.runId;
        return undefined;
      case 'run-end':
        this.runStatus = event.status;
        return undefined;
      case 'component-start': {
        const entry = this.entry(event.componentId);
        entry.state = 'running';
        return entry;
      }
      case 'attempt-start': {
        const entry = this.entry(event.componentId);
        entry.state = 'running';
        entry.attempt = event.attempt;
        entry.activity = 'preparing';
        return entry;
      }
      case 'attempt-step': {
        const entry = this.entry(event.componentId);
        entry.activity =
          event.step === 'provider-call'
            ? 'waiting for the model'
            : event.step === 'response-reused'
              ? 'answer from the ledger'
              : event.step === 'edits-applied'
                ? 'edits applied'
                : event.step === 'checks'
                  ? `checking: ${(event.checks ?? []).join(', ') || 'no checks'}`
                  : 'committed';
        return entry;
      }
      case 'check-end': {
        if (!event.componentId) return undefined;
        const entry = this.entry(event.componentId);
        entry.activity = `${event.checkId}: ${event.findings} finding${event.findings === 1 ? '' : 's'}`;
        return entry;
      }
      case 'attempt-end': {
        const entry = this.entry(event.componentId);
        entry.activity = event.outcome;
        return entry;
      }
      case 'component-end': {
        const entry = this.entry(event.componentId);
        entry.state = event.status;
        entry.activity = '';
        entry.reason = event.reason;
        return entry;
      }
      default:
        return undefined;
    }
  }

  counts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const entry of this.components.values()) counts[entry.state] = (counts[entry.state] ?? 0) + 1;
    return counts;
  }
}
