import type { EventSubscriber } from '../../core/index.js';
import { ProgressModel } from './progress-model.js';

/** Progress as plain lines, one per step that matters, for logs and pipes. */
export function createPlainProgress(
  output: { write(text: string): unknown },
  options: { maxAttempts?: number } = {},
): EventSubscriber {
  const model = new ProgressModel([], options.maxAttempts ?? 0);
  const of = (attempt: number) =>
    model.maxAttempts > 0 ? `${attempt}/${model.maxAttempts}` : String(attempt);
  return {
    onEvent(event) {
      const entry = model.apply(event);
      switch (event.type) {
        case 'run-start':
          output.write(`run ${event.runId}\n`);
          break;
        case 'attempt-start':
          output.write(`${event.componentId}: attempt ${of(event.attempt)}\n`);
          break;
        case 'attempt-step':
          if (event.step === 'checks' || event.step === 'response-reused')
            output.write(`${event.componentId}: ${entry?.activity}\n`);
          break;
        case 'attempt-end':
          output.write(`${event.componentId}: attempt ${of(event.attempt)} ${event.outcome}\n`);
          break;
        case 'component-end':
          output.write(`${event.componentId}: ${event.status}${event.reason ? ` (${event.reason})` : ''}\n`);
          break;
        case 'run-end': {
          const counts = Object.entries(model.counts())
            .map(([state, count]) => `${count} ${state}`)
            .join(', ');
          output.write(`run ${event.runId}: ${event.status}${counts ? ` (${counts})` : ''}\n`);
          break;
        }
        default:
          break;
      }
    },
  };
}
