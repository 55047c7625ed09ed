// @ts-check
import { createRequire } from "node:module";
import { TYPE_OPTIONS } from "./type-options.js";
import { dropRedeclaredDiscriminators, scanDiscriminators } from "./type-discriminators.js";
import { deepRefs, fixDeepRefs, inlineUnreachableRefs } from "./type-refs.js";
import { hoistRecursiveSchemas, recursiveSchemas } from "./type-recursion.js";
import { typesByUnit } from "./type-units.js";
import { nullSafeWithRequired } from "./type-with-required.js";
import { openCache } from "../store/cache.js";

// openapi-typescript's transform, loaded through its CommonJS build and exported subpaths: its
// main entry also loads a second Redocly (1.x) for the parsing we do not need, and its ESM build
// makes Node scan the 9 MB typescript.js for exports. Together they cost about 0.6 s a run.
const load = createRequire(import.meta.url);
const transformSchema = load("openapi-typescript/dist/transform/index.cjs");
const { resolveRef } = load("openapi-typescript/dist/lib/utils.cjs");
const { astToString } = load("openapi-typescript/dist/lib/ts.cjs");

// The options live in their own module so the change report (scripts/diff) reads them without loading TypeScript.
export { TYPE_OPTIONS };

/**
 * Turns the bundled document into TypeScript with openapi-typescript's transform. We call the
 * transform directly rather than `openapiTS()`, which would parse, lint and bundle the document a
 * second time with its own (older) Redocly: we have just done all three.
 * Each member of `paths`, `webhooks` and `components.<kind>` is transformed on its own (type-units.js) and,
 * with a cache, cached on its own, so a refresh transforms and prints only the members it changed. The text is
 * the whole transform's (`typesWhole`). Without a cache too: the whole transform rebuilds its list of `operations`
 * once per operation, which is quadratic (graph-beta's 22,318 operations: 30 s whole, 12 s by unit; GitHub's the same).
 * @param {Record<string, any>} given bundled, overlays applied
 * @param {{ cache?: import("../store/cache.js").Cache, stats?: { hits: number, misses: number }, later?: Array<() => void> }} [options]
 *   `stats`: filled in with the units found in the cache and those transformed (both 0 where the whole transform ran);
 *   `later`: given, what stores the new entries is pushed there for the caller to run once the text is on its way,
 *   rather than run before returning
 * @returns {string}
 */
export default function typesStage(given, { cache = openCache(undefined), stats, later } = {}) {
  const { document, ctx, fix } = prepare(given);
  let byUnit;
  try {
    byUnit = typesByUnit(document, ctx, cache);
  } catch {
    // Not expected (a unit's own throw is handled there): the whole transform below says what is wrong, as before.
  }
  if (byUnit) {
    if (stats) Object.assign(stats, { hits: byUnit.hits, misses: byUnit.misses });
    if (later) later.push(byUnit.store);
    else byUnit.store();
    return fix(byUnit.text);
  }
  if (stats) Object.assign(stats, { hits: 0, misses: 0 });
  return fix(astToString(transformSchema(document, ctx)));
}

/**
 * The whole document in one openapi-typescript transform: what the units must add up to, byte for byte
 * (the tests hold them to it), and what runs where they cannot stand for it.
 * @param {Record<string, any>} given bundled, overlays applied
 * @returns {string}
 */
export function typesWhole(given) {
  const { document, ctx, fix } = prepare(given);
  return fix(astToString(transformSchema(document, ctx)));
}

/**
 * The document as the transform takes it, the transform's ctx, and the corrections its text needs.
 * @param {Record<string, any>} given
 */
function prepare(given) {
  const found = deepRefs(given);
  const document = inlineUnreachableRefs(given, found);
  // Without a deep $ref in the bundle there is none to fix later: inlining has nothing to do and the discriminator
  // scan adds no $ref (GitHub's spec has none, and a walk of it takes 40 ms).
  // Schemas that are a JSON value (a union with an array of themselves) become type aliases of the file (no compile else).
  const recursive = recursiveSchemas(document);
  const fix = (/** @type {string} */ text) => hoistRecursiveSchemas(nullSafeWithRequired(found.length === 0 ? text : fixDeepRefs(text, document)), recursive);
  const options = { ...TYPE_OPTIONS, silent: true };
  const discriminators = scanDiscriminators(/** @type {any} */ (document), options);
  // Else openapi-typescript declares a discriminator property twice where a child declares it too (no compile).
  dropRedeclaredDiscriminators(document, discriminators);
  /** @type {any} */
  const ctx = {
    additionalProperties: options.additionalProperties,
    alphabetize: options.alphabetize,
    arrayLength: false,
    defaultNonNullable: options.defaultNonNullable,
    discriminators,
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
  return { document, ctx, fix };
}
