/**
 * Bytes appended into one buffer sized up front from what the source announced, so a large file arriving in pieces
 * is held once, not as a list of pieces plus their concatenation. A short estimate grows the buffer by doubling.
 */
export class ByteSink {
  private buffer: Uint8Array;
  private length = 0;

  constructor(expectedBytes: number) {
    this.buffer = new Uint8Array(expectedBytes);
  }

  append(chunk: Uint8Array): void {
    if (this.length + chunk.length > this.buffer.length) {
      const grown = new Uint8Array(Math.max(this.buffer.length * 2, this.length + chunk.length));
      grown.set(this.buffer.subarray(0, this.length));
      this.buffer = grown;
    }
    this.buffer.set(chunk, this.length);
    this.length += chunk.length;
  }

  /** Bytes received so far. */
  get received(): number {
    return this.length;
  }

  /** What was appended: the buffer itself when the estimate was exact, else a view of its filled part. */
  bytes(): Uint8Array {
    return this.length === this.buffer.length ? this.buffer : this.buffer.subarray(0, this.length);
  }
}
