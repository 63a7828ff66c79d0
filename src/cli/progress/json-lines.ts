import type { EventSubscriber } from '../../core/index.js';

/** `--json`: every event as one JSON line, for machines; nothing else goes to stdout. */
export function createJsonLinesProgress(output: { write(text: string): unknown }): EventSubscriber {
  return {
    onEvent(event) {
      output.write(`${JSON.stringify(event)}\n`);
    },
  };
}
