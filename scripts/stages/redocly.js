// @ts-check
// Redocly's openapi-core, as the pipeline loads it: from its one-file copy (store/one-file-copy.js), which loads in
// 66-100 ms where the package's 611 files took 170-250 ms, or from the package itself where there is no copy, it does
// not load, or PRODUCT_CLIENTS_REDOCLY_COPY=off (what the copy gains is timed by `npm run bench -- --only edit`).
// Every module of ours that uses Redocly imports it from here, so that one run never mixes the two (a `Source` of one
// is not an instance of the other's).
import { pathToFileURL } from "node:url";
import { copiesWanted, discardCopy, oneFileCopy } from "../store/one-file-copy.js";

const PACKAGE = "@redocly/openapi-core";
/** What our modules use: a copy without them is not one. */
const USED = ["BaseResolver", "Source", "bundle", "createConfig", "getLineColLocation", "isGraphqlRef", "isSupportedExtension", "lintConfig", "lintDocument", "loadConfig"];

/** @returns {Promise<typeof import("@redocly/openapi-core")>} */
async function load() {
  const copy = copiesWanted() ? oneFileCopy(PACKAGE) : undefined;
  if (copy) {
    try {
      const core = await import(pathToFileURL(copy).href);
      if (USED.every((name) => typeof core[name] === "function")) return core;
    } catch {
      // Removed by a concurrent rebuild, or damaged: the package is the same code.
    }
    // Made again by the next run; this one loads the package.
    discardCopy(PACKAGE);
  }
  return import(PACKAGE);
}

export const { BaseResolver, Source, bundle, createConfig, getLineColLocation, isGraphqlRef, isSupportedExtension, lintConfig, lintDocument, loadConfig } = await load();
