// @ts-check

/** The helper openapi-typescript 7 adds to a file where a schema's `required` names properties of an allOf `$ref`. */
const GIVEN = "type WithRequired<T, K extends keyof T> = T & {\n    [P in K]-?: T[P];\n};\n";

/**
 * The same helper over `NonNullable<T>`. openapi-typescript prints `WithRequired<components["schemas"]["Base"], "a">`
 * for a schema that is `allOf: [{ $ref: Base }]` with `required: ["a"]`; where Base is `nullable`, its type is
 * `{ … } | null`, whose `keyof` is `never`, so the file does not compile (TS2344; plaid.com's `Cause` over its
 * nullable `PlaidError`). Required properties make the value an object, as every other allOf member's object type
 * already does in the intersection openapi-typescript prints; for a base that is not nullable the helper means what
 * it meant before.
 */
const NULL_SAFE = "type WithRequired<T, K extends keyof NonNullable<T>> = NonNullable<T> & {\n    [P in K]-?: NonNullable<T>[P];\n};\n";

/**
 * The types with openapi-typescript's `WithRequired` helper replaced by one that takes a nullable type. The helper
 * is a top-level statement of the footer, so it starts a line; the spec's names never do (they are members).
 * Text without it is returned as it is.
 * @param {string} text
 */
export function nullSafeWithRequired(text) {
  const at = text.lastIndexOf(`\n${GIVEN}`);
  return at === -1 ? text : `${text.slice(0, at + 1)}${NULL_SAFE}${text.slice(at + 1 + GIVEN.length)}`;
}
