// @ts-check
import { createRequire } from "node:module";

// openapi-typescript's scanDiscriminators (dist/lib/utils.cjs, 7.13.0, MIT), with one change: its
// `walk` gives each of the document's nodes a new copy of the path down to it (`path.concat(key)`),
// which on GitHub's 13 MB spec takes 170-400 ms a run, in every run, cached or not; this `walk`
// keeps one path and changes it in place. The callbacks below are openapi-typescript's, verbatim
// (they read the path only through createRef, at once), and so are patchDiscriminatorEnum and
// createDiscriminatorEnum (not exported), minus the warning, which the stage silences anyway.
// test/scripts/stages/type-discriminators.test.ts checks result and patched document against the library's.
const load = createRequire(import.meta.url);
const { createRef, resolveRef } = load("openapi-typescript/dist/lib/utils.cjs");

/**
 * Same result as openapi-typescript's scanDiscriminators, and the same patches to `schema`.
 * @param {any} schema the whole document
 * @param {{ silent?: boolean }} options
 * @returns {{ objects: Record<string, any>, refsHandled: string[] }}
 */
export function scanDiscriminators(schema, options) {
  /** @type {Record<string, any>} */
  const objects = {};
  /** @type {string[]} */
  const refsHandled = [];
  walk(schema, (obj, path) => {
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
    /** @type {Record<string, any>} */
    const mapping = {};
    for (const item of oneOf) {
      if ("$ref" in item) {
        const value = item.$ref.split("/").pop();
        if (value) {
          if (!mapping[item.$ref]) {
            mapping[item.$ref] = { inferred: value };
          } else {
            mapping[item.$ref].inferred = value;
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
  walk(schema, (obj, path) => {
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
        /** @type {string[]} */
        const mappedValues = [];
        if (discriminator.mapping) {
          for (const mappedValue in discriminator.mapping) {
            if (discriminator.mapping[mappedValue] === ref) {
              mappedValues.push(mappedValue);
            }
          }
          if (mappedValues.length > 0) {
            if (patchDiscriminatorEnum(
              schema,
              ref,
              mappedValues,
              discriminator,
              item.$ref,
              options
            )) {
              refsHandled.push(ref);
            }
          }
        }
        objects[ref] = {
          ...objects[item.$ref]
        };
      } else if (item.discriminator?.propertyName) {
        objects[createRef(path)] = { ...item.discriminator };
      }
    }
  });
  return { objects, refsHandled };
}

/**
 * Calls `cb` on every object (not array) under `obj`, parents first, keys in order, with the keys
 * down to it: the path array is the same one throughout, changed in place, valid during the call.
 * @param {unknown} obj
 * @param {(obj: any, path: Array<string | number>) => void} cb
 */
function walk(obj, cb) {
  /** @type {Array<string | number>} */
  const path = [];
  /** @param {any} node */
  const visit = (node) => {
    if (!node || typeof node !== "object") return;
    if (Array.isArray(node)) {
      // The length is read at each step, as the library's loop does: a patch may push to an array being walked.
      for (let i = 0; i < node.length; i++) {
        path.push(i);
        visit(node[i]);
        path.pop();
      }
      return;
    }
    cb(node, path);
    for (const k of Object.keys(node)) {
      path.push(k);
      visit(node[k]);
      path.pop();
    }
  };
  visit(obj);
}

/** @param {string[]} values @param {any} [prevSchema] */
function createDiscriminatorEnum(values, prevSchema) {
  return {
    type: "string",
    enum: values,
    description: prevSchema?.description ? `${prevSchema.description} (enum property replaced by openapi-typescript)` : "discriminator enum property added by openapi-typescript"
  };
}

/**
 * @param {any} schema @param {string} ref @param {string[]} values @param {any} discriminator
 * @param {string} _discriminatorRef named in the library's warning only @param {{ silent?: boolean }} options
 */
function patchDiscriminatorEnum(schema, ref, values, discriminator, _discriminatorRef, options) {
  const resolvedSchema = resolveRef(schema, ref, {
    silent: options.silent ?? false
  });
  if (resolvedSchema?.allOf) {
    resolvedSchema.allOf.push({
      type: "object",
      // discriminator enum properties always need to be required
      required: [discriminator.propertyName],
      properties: {
        [discriminator.propertyName]: createDiscriminatorEnum(values)
      }
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
    resolvedSchema.properties[discriminator.propertyName] = createDiscriminatorEnum(
      values,
      resolvedSchema.properties[discriminator.propertyName]
    );
    return true;
  }
  return false;
}
