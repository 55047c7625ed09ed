/**
 * What a call returns, after openai-node's `APIPromise`: awaited, it is the typed body; `.withResponse()` gives the
 * body with the HTTP status and response headers (an `ETag`, say). The request starts when the call is made.
 */
export class ApiPromise<Data, Full extends { readonly data: Data }> extends Promise<Data> {
  readonly #response: Promise<Full>;

  constructor(response: Promise<Full>) {
    // The base promise is never used: `then` below answers from `response`, as openai-node's does.
    super((resolve) => resolve(undefined as Data));
    this.#response = response;
  }

  /** The body together with `status` and `headers`; one member per 2xx status the spec declares. */
  withResponse(): Promise<Full> {
    return this.#response;
  }

  override then<A = Data, B = never>(
    onfulfilled?: ((value: Data) => A | PromiseLike<A>) | null,
    onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    return this.#response.then((full) => full.data).then(onfulfilled, onrejected);
  }

  // `.then()` and friends return plain promises, not ApiPromises without a response.
  static override get [Symbol.species]() {
    return Promise;
  }
}
