import { Writable } from 'node:stream';

/** A stream that keeps everything written to it, for a logger to write its lines into. */
export function captureStream() {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}
