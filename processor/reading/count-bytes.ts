/** Passes chunks through, adding their sizes to `counter.bytesRead`. */
export async function* countBytes(
  source: AsyncIterable<Buffer>,
  counter: { bytesRead: number },
): AsyncGenerator<Buffer> {
  for await (const chunk of source) {
    counter.bytesRead += chunk.length;
    yield chunk;
  }
}
