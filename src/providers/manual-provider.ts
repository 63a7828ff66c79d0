import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { BatonError } from '../core/errors.js';
import { createId } from '../core/index.js';
import { estimateTokens, type GenerateRequest, type Provider, renderPromptText } from './provider.js';

export interface ManualProviderSettings {
  /** Where prompt and response files go. */
  directory: string;
  /** Where a pasted answer is read from; null reads only the response file. @default process.stdin */
  input?: NodeJS.ReadableStream | null;
  /** Where the prompt and instructions are shown. @default process.stderr */
  output?: { write(text: string): unknown };
  /** How often the response file is looked for. @default 250 */
  pollIntervalMs?: number;
}

/** The line that ends a pasted answer. */
export const pasteTerminator = '.';

function promptDocument(request: GenerateRequest): string {
  const parts = [renderPromptText({ system: request.system, messages: request.messages })];
  if (request.output) {
    parts.push(
      `[answer format]\nAnswer with one JSON value, and nothing else, that follows this JSON Schema:\n${JSON.stringify(request.output.schema, null, 2)}`,
    );
  }
  return `${parts.join('\n\n')}\n`;
}

/** Resolves with the response file's text once it exists, is not empty and has stopped changing. */
function waitForFile(path: string, intervalMs: number, signal: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    let lastSize = -1;
    const timer = setInterval(() => {
      if (!existsSync(path)) return;
      const size = statSync(path).size;
      if (size > 0 && size === lastSize) {
        cleanup();
        resolve(readFileSync(path, 'utf8'));
      }
      lastSize = size;
    }, intervalMs);
    const cleanup = () => {
      clearInterval(timer);
      signal.removeEventListener('abort', onAbort);
    };
    const onAbort = () => {
      cleanup();
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** Resolves with pasted lines up to a line holding only ".", or up to end of input if anything was pasted. */
function readPaste(input: NodeJS.ReadableStream, signal: AbortSignal): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines: string[] = [];
    const reader = createInterface({ input, terminal: false });
    const finish = (settle: () => void) => {
      signal.removeEventListener('abort', onAbort);
      reader.removeAllListeners();
      reader.close();
      settle();
    };
    const onAbort = () => finish(() => reject(signal.reason));
    reader.on('line', (line) => {
      if (line.trim() === pasteTerminator) finish(() => resolve(lines.join('\n')));
      else lines.push(line);
    });
    // Input that ends with nothing pasted (a closed stdin in CI) leaves the response file as the only way.
    reader.on('close', () => {
      if (lines.length > 0) finish(() => resolve(lines.join('\n')));
    });
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * A person is the model: the prompt goes to a file and to the terminal, and the answer comes back
 * pasted into the terminal or written to the response file, so any chat UI a user has works.
 */
export function createManualProvider(settings: ManualProviderSettings): Provider {
  const output = settings.output ?? process.stderr;
  return {
    id: 'manual',
    kind: 'manual',
    model: 'manual',
    async generate(request) {
      mkdirSync(settings.directory, { recursive: true });
      const name = createId('manual');
      const promptFile = join(settings.directory, `${name}.prompt.md`);
      const responseFile = join(settings.directory, `${name}.response.md`);
      const prompt = promptDocument(request);
      writeFileSync(promptFile, prompt);
      output.write(
        `\n──── prompt (also in ${promptFile}) ────\n${prompt}────────────────────────────────\n` +
          `Paste the answer and end it with a line holding only "${pasteTerminator}",\n` +
          `or save it to ${responseFile}\n`,
      );
      const controller = new AbortController();
      const onCallerAbort = () => controller.abort(request.signal?.reason);
      request.signal?.addEventListener('abort', onCallerAbort, { once: true });
      const waits = [waitForFile(responseFile, settings.pollIntervalMs ?? 250, controller.signal)];
      if (settings.input !== null) waits.push(readPaste(settings.input ?? process.stdin, controller.signal));
      let text: string;
      try {
        text = await Promise.race(waits);
      } finally {
        request.signal?.removeEventListener('abort', onCallerAbort);
        controller.abort(new Error('answered'));
        for (const wait of waits) wait.catch(() => {});
      }
      if (text.trim() === '') {
        throw new BatonError({
          code: 'MANUAL_RESPONSE_EMPTY',
          message: `The answer to ${promptFile} is empty.`,
          hint: 'Paste the whole answer from the chat window, or write it to the response file.',
          details: { promptFile, responseFile },
        });
      }
      if (!existsSync(responseFile)) writeFileSync(responseFile, text);
      request.onTextDelta?.(text);
      return {
        text,
        finishReason: 'stop',
        usage: { inputTokens: estimateTokens(prompt), outputTokens: estimateTokens(text) },
        provider: 'manual',
        model: 'manual',
      };
    },
  };
}
