// @ts-check
import { createRequire } from "node:module";
import { TYPE_OPTIONS } from "./type-options.js";
import { fixDeepRefs, inlineUnreachableRefs } from "./type-refs.js";

// openapi-typescript's transform, loaded through its CommonJS build and exported subpaths: its
// main entry also loads a second Redocly (1.x) for the parsing we do not need, and its ESM build
// makes Node scan the 9 MB typescript.js for exports. Together they cost about 0.6 s a run.
const load = createRequire(import.meta.url);
const transformSchema = load("openapi-typescript/dist/transform/index.cjs");
const { resolveRef, scanDiscriminators } = load("openapi-typescript/dist/lib/utils.cjs");
const { astToString } = load("openapi-typescript/dist/lib/ts.cjs");

// The options live in their own module so the change report (scripts/diff) reads them without loading TypeScript.
export { TYPE_OPTIONS };

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
