// @ts-check

/**
 * openapi-typescript's options, chosen deliberately (README, "Generated types", says why for each).
 * Everything not listed keeps openapi-typescript's default.
 */
export const TYPE_OPTIONS = Object.freeze({
  // A free-form `type: object` (SolvaPay's config, metadata) must accept any key, not become Record<string, never>.
  emptyObjectsUnknown: true,
  // Objects are closed unless the spec says otherwise, so an unknown request field is a compile error.
  additionalProperties: false,
  // A response field with a default is always present, so it is not optional in the type.
  defaultNonNullable: true,
  // Enums stay string-literal unions: no runtime code in a types-only file.
  enum: false,
  // Keep the vendor's order, so a diff of generated types reads like the diff of the spec.
  alphabetize: false,
  // `Schema<Name>` aliases give app teams short names for request and response bodies.
  rootTypes: true,
});
