import type { CallToolResult } from '@modelcontextprotocol/server';
import { BatonError, describeCause } from '../../core/index.js';

/** A tool's answer: the structured value its output schema describes, and the same for a reader. */
export function toolOutput(structured: Record<string, unknown>, text: string): CallToolResult {
  return { content: [{ type: 'text', text }], structuredContent: structured };
}

/**
 * A failure as an MCP tool error (`isError`), never a protocol error: the agent reads the message
 * and the hint and can call again with better arguments.
 */
export function toolFailure(error: unknown): CallToolResult {
  const known = BatonError.isInstance(error);
  const code = known ? error.code : 'INTERNAL';
  const message = known ? error.message : describeCause(error);
  const hint = known ? error.hint : undefined;
  return {
    isError: true,
    content: [{ type: 'text', text: `${code}: ${message}${hint ? `\nhint: ${hint}` : ''}` }],
  };
}

/** Runs a tool's body and turns anything it throws into a tool error, so the server keeps serving. */
export async function guarded(body: () => Promise<CallToolResult>): Promise<CallToolResult> {
  try {
    return await body();
  } catch (error) {
    return toolFailure(error);
  }
}

/** One page of a long list, and how to ask for the next one. */
export interface Page<Item> {
  items: Item[];
  total: number;
  offset: number;
  /** Where the next page starts; absent on the last page. */
  nextOffset: number | undefined;
}

/** Cuts a list to `limit` items from `offset`, because every item an agent reads costs it context. */
export function pageOf<Item>(items: readonly Item[], offset: number, limit: number): Page<Item> {
  const page = items.slice(offset, offset + limit);
  const end = offset + page.length;
  return { items: page, total: items.length, offset, nextOffset: end < items.length ? end : undefined };
}

/** The sentence under a cut list that says how to get the rest. */
export function pageNote(page: Page<unknown>, noun: string, how: string): string | undefined {
  if (page.nextOffset === undefined) return undefined;
  const shown = `${page.offset + 1}–${page.nextOffset}`;
  return `Showing ${noun} ${shown} of ${page.total}; ${how.replace('{offset}', String(page.nextOffset))}`;
}

/** Cuts a long text to `limit` characters at a line end, with a note on how to get the rest. */
export function cutText(text: string, limit: number, how: string): { text: string; cut: boolean } {
  if (text.length <= limit) return { text, cut: false };
  const end = text.lastIndexOf('\n', limit);
  const kept = text.slice(0, end > limit / 2 ? end : limit);
  return {
    text: `${kept}\n… cut at ${kept.length} of ${text.length} characters; ${how}`,
    cut: true,
  };
}
