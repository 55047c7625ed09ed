/** How much of an error response is read: enough for any vendor's error object, bounded against a hostile one. */
export const MAX_ERROR_BODY_BYTES = 64 * 1024;

/**
 * Reads at most `limit` bytes of a body as UTF-8 (invalid sequences become U+FFFD) and cancels the rest of the
 * stream, so a huge or endless error body costs no more than the limit.
 */
export async function readTextUpTo(response: Response, limit: number): Promise<string> {
  const reader = response.body?.getReader();
  const decoder = new TextDecoder();
  let text = "";
  try {
    for (let size = 0; reader && size < limit; ) {
      const { done, value } = await reader.read();
      if (done) break;
      const piece = value.subarray(0, limit - size);
      size += piece.byteLength;
      text += decoder.decode(piece, { stream: size < limit });
    }
    return text + decoder.decode();
  } finally {
    reader?.cancel().catch(() => {});
  }
}
