// @ts-check
import { createRequire } from "node:module";
import { fixDeepRefs, inlineUnreachableRefs } from "./type-refs.js";

// openapi-typescript's transform, loaded through its CommonJS build and exported subpaths: its
// main entry also loads a second Redocly (1.x) for the parsing we do not need, and its ESM build
// makes Node scan the 9 MB typescript.js for exports. Together they cost about 0.6 s a run.
const load = createRequire(import.meta.url);
const transformSchema = load("openapi-typescript/dist/transform/index.cjs");
const { resolveRef, scanDiscriminators } = load("openapi-typescript/dist/lib/utils.cjs");
const { astToString } = load("openapi-typescript/dist/lib/ts.cjs");

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

/**
 * Turns the bundled document into TypeScript with openapi-typescript's transform. We call the
 * transform directly rather than `openapiTS()`, which would parse, lint and bundle the document a
 * second time with its own (older) Redocly: we have just done all three.
 * @param {Record<string, any>} given bundled, overlays applied
 * @returns {string}
 */
export default function typesStage(given) {
  const document = inlineUnreachableRefs(given);
  const options = { ...TYPE_OPTIONS, silent: true };
  /** @type {any} */
  const ctx = {
    additionalProperties: options.additionalProperties,
    alphabetize: options.alphabetize,
    arrayLength: false,
    defaultNonNullable: options.defaultNonNullable,
    discriminators: scanDiscriminators(/** @type {any} */ (document), options),
    emptyObjectsUnknown: options.emptyObjectsUnknown,
    enum: options.enum,
    enumValues: false,
    conditionalEnums: false,
    dedupeEnums: false,
    excludeDeprecated: false,
    exportType: false,
    immutable: false,
    rootTypes: options.rootTypes,
    rootTypesNoSchemaPrefix: false,
    rootTypesKeepCasing: false,
    injectFooter: [],
    pathParamsAsTypes: false,
    postTransform: undefined,
    propertiesRequiredByDefault: false,
    redoc: undefined,
    silent: true,
    inject: undefined,
    transform: undefined,
    transformProperty: undefined,
    makePathsEnum: false,
    generatePathParams: false,
    readWriteMarkers: false,
    /** @param {string} $ref */
    resolve($ref) {
      return resolveRef(document, $ref, { silent: true });
    },
  };
  return fixDeepRefs(astToString(transformSchema(/** @type {any} */ (document), ctx)), document);
}
