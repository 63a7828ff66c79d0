import type { EventSubscriber } from '../../core/index.js';
import { type ComponentProgress, ProgressModel } from './progress-model.js';

const symbols: Record<string, string> = {
  pending: '·',
  running: '▸',
  done: '✓',
  escalated: '✗',
  failed: '✗',
  blocked: '⊘',
  cancelled: '–',
  'waiting-for-person': '✎',
};

export interface LiveProgressOptions {
  componentIds: readonly string[];
  maxAttempts: number;
  /** Terminal width; lines are cut to it so that redrawing in place stays exact. @default 100 */
  columns?: number;
  /** Shortest time between redraws, in ms. @default 80 */
  intervalMs?: number;
}

function line(entry: ComponentProgress, width: number, maxAttempts: number, columns: number): string {
  const attempt = entry.attempt > 0 ? `attempt ${entry.attempt}/${maxAttempts}` : '';
  const detail = entry.state === 'running' ? entry.activity : (entry.reason ?? '');
  const text = `${symbols[entry.state] ?? ' '} ${entry.id.padEnd(width)}  ${entry.state.padEnd(18)} ${attempt.padEnd(12)} ${detail}`;
  return text.length > columns - 1 ? `${text.slice(0, columns - 2)}…` : text;
}

/**
 * A live table on a terminal: one line per component with its state, attempt n/m and what it is
 * doing, redrawn in place with ANSI cursor moves (no dependency), at most every `intervalMs`.
 */
export function createLiveProgress(
  output: { write(text: string): unknown },
  options: LiveProgressOptions,
): EventSubscriber & { close(): void } {
  const model = new ProgressModel(options.componentIds, options.maxAttempts);
  const columns = options.columns ?? 100;
  const width = Math.min(32, Math.max(8, ...options.componentIds.map((id) => id.length)));
  let drawnLines = 0;
  let timer: NodeJS.Timeout | undefined;
  let lastDraw = 0;

  const draw = () => {
    timer = undefined;
    lastDraw = Date.now();
    const counts = Object.entries(model.counts())
      .map(([state, count]) => `${count} ${state}`)
      .join(', ');
    const lines = [
      `run ${model.runId ?? ''}${model.runStatus ? `: ${model.runStatus}` : ''}  ${counts}`,
      ...[...model.components.values()].map((entry) => line(entry, width, model.maxAttempts, columns)),
    ];
    // Up to the first line we drew, clear to the end of the screen, draw again.
    const rewind = drawnLines > 0 ? `\u001b[${drawnLines}F\u001b[J` : '';
    output.write(`${rewind}${lines.join('\n')}\n`);
    drawnLines = lines.length;
  };
  const schedule = () => {
    if (timer) return;
    const wait = Math.max(0, (options.intervalMs ?? 80) - (Date.now() - lastDraw));
    timer = setTimeout(draw, wait);
  };
  return {
    onEvent(event) {
      model.apply(event);
      if (event.type === 'run-end') {
        clearTimeout(timer);
        draw();
      } else schedule();
    },
    close() {
      if (timer) {
        clearTimeout(timer);
        draw();
      }
    },
  };
}
