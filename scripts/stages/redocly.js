// @ts-check
// Redocly's openapi-core, as the pipeline loads it: from its one-file copy (store/one-file-copy.js), which loads in
// 66-100 ms where the package's 611 files took 170-250 ms, or from the package itself where there is no copy or it
// does not load. PRODUCT_CLIENTS_REDOCLY_COPY=off loads the package (what the copy gains is timed by `npm run bench`).
// Every module of ours that uses Redocly imports it from here, so that one run never mixes the two (a `Source` of one
// is not an instance of the other's).
import { pathToFileURL } from "node:url";
import { oneFileCopy } from "../store/one-file-copy.js";

const PACKAGE = "@redocly/openapi-core";

/** @returns {Promise<typeof import("@redocly/openapi-core")>} */
async function load() {
  const copy = process.env.PRODUCT_CLIENTS_REDOCLY_COPY === "off" ? undefined : oneFileCopy(PACKAGE);
  if (copy) {
    try {
      return await import(pathToFileURL(copy).href);
    } catch {
      // A copy that does not load (removed by a concurrent rebuild, damaged): the package is the same code.
    }
  }
  return import(PACKAGE);
}

export const { BaseResolver, Source, bundle, createConfig, getLineColLocation, isGraphqlRef, isSupportedExtension, lintConfig, lintDocument, loadConfig } = await load();
