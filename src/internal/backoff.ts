// A plain non-negative number: `Number()` alone would also take "-5", "0x10" and "1e3".
const DELAY = /^\d+(\.\d+)?$/;
// RFC 9110's three HTTP-date forms, and nothing else: `Date.parse` alone reads "-5" as a year and "Xyz 7" as a date.
const MONTH = "(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)";
const TIME = "\\d{2}:\\d{2}:\\d{2}";
const HTTP_DATE = new RegExp(
  [
    `^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d{2} ${MONTH} \\d{4} ${TIME} GMT$`,
    `^(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), \\d{2}-${MONTH}-\\d{2} ${TIME} GMT$`,
    `^(Mon|Tue|Wed|Thu|Fri|Sat|Sun) ${MONTH} ( \\d|\\d{2}) ${TIME} \\d{4}$`,
  ].join("|"),
);

/**
 * Reads the server's wish for when to come back: `retry-after-ms`, then `Retry-After` in seconds or as an
 * HTTP date. A value in any other form is no wish at all (undefined), so the backoff applies.
 */
export function retryAfterMs(headers: Headers | undefined, now = Date.now()): number | undefined {
  const milliseconds = headers?.get("retry-after-ms")?.trim();
  if (milliseconds && DELAY.test(milliseconds)) return Number(milliseconds);
  const retryAfter = headers?.get("retry-after")?.trim();
  if (!retryAfter) return undefined;
  if (DELAY.test(retryAfter)) return Number(retryAfter) * 1000;
  // HTTP dates are GMT even in the asctime form, which does not say so; `Date.parse` would read it as local time.
  const date = HTTP_DATE.test(retryAfter) ? Date.parse(/GMT$/.test(retryAfter) ? retryAfter : `${retryAfter} GMT`) : Number.NaN;
  return Number.isNaN(date) ? undefined : date - now;
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts; leaves no timer behind. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
