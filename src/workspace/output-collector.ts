/**
 * Collects a child's output up to a byte limit and keeps draining past it, so a chatty process
 * never blocks on a full pipe; the kept bytes end on a whole UTF-8 character.
 */
export class OutputCollector {
  private readonly chunks: Buffer[] = [];
  private kept = 0;
  truncated = false;

  constructor(private readonly limitBytes: number) {}

  push(chunk: Buffer): void {
    if (this.truncated) return;
    const room = this.limitBytes - this.kept;
    if (chunk.length <= room) {
      this.chunks.push(chunk);
      this.kept += chunk.length;
      return;
    }
    this.chunks.push(chunk.subarray(0, room));
    this.kept += room;
    this.truncated = true;
  }

  text(): string {
    const bytes = Buffer.concat(this.chunks);
    return (this.truncated ? bytes.subarray(0, utf8Boundary(bytes)) : bytes).toString('utf8');
  }
}

/** The length of the longest prefix of `bytes` that does not end inside a multi-byte character. */
export function utf8Boundary(bytes: Uint8Array): number {
  let index = bytes.length;
  // Walk back over at most three continuation bytes (10xxxxxx) to the lead byte of the last character.
  let continuation = 0;
  while (index > 0 && continuation < 4) {
    const byte = bytes[index - 1] ?? 0;
    if ((byte & 0b1100_0000) !== 0b1000_0000) break;
    index--;
    continuation++;
  }
  if (index === 0) return 0;
  const lead = bytes[index - 1] ?? 0;
  if (lead < 0b1100_0000) return continuation === 0 ? bytes.length : index;
  const expected = lead >= 0b1111_0000 ? 3 : lead >= 0b1110_0000 ? 2 : lead >= 0b1100_0000 ? 1 : 0;
  return expected === continuation ? bytes.length : index - 1;
}
