/**
 * The chunks of a fetch response body, read through its reader: works whatever lib typings
 * are in scope (the DOM's ReadableStream type has no async iterator).
 */
export async function* streamChunks(body: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}
