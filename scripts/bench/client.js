// @ts-check
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";
import createClient from "openapi-fetch";
import { entrySize } from "./entry-size.js";
import { table } from "./measure.js";

/** @typedef {import("../../generated/solvapay.js").paths} SolvaPayPaths */
/** @typedef {import("../../src/solvapay.js").SolvaPayUpdateProductResult} Product */

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const BASE_URL = "https://api.solvapay.com";
const API_KEY = "sk_sandbox_bench";
const PRODUCT_REF = "prd_1A2B3C4D";
/** @type {{ name: string, status: "inactive" }} */
const UPDATE = { name: "Pro", status: "inactive" };
/** @type {Product} */
const PRODUCT = {
  id: "507f1f77bcf86cd799439011",
  reference: PRODUCT_REF,
  name: "Pro",
  status: "inactive",
  balance: 0,
  totalTransactions: 0,
  isMcpPay: false,
  createdAt: "2025-01-01T00:00:00.000Z",
  updatedAt: "2025-01-02T00:00:00.000Z",
};
const RESPONSE_TEXT = JSON.stringify(PRODUCT);
const SAMPLE_SECONDS = 1;
const WARMUP_MS = 300;
const SIZE_LIMIT_BYTES = 8 * 1024;
const SPEED_TARGET = 0.9;

/**
 * Issue 3's "Speed and size": calls/s of one updateProduct through the facade, bare openapi-fetch
 * and a hand-written fetch, all on an in-memory fetch; then the minified, gzipped size of each entry point.
 * @param {{ runs: number }} options
 */
export async function benchClient({ runs }) {
  const speed = await measureSpeed(runs);
  const sizes = await measureSizes();

  const bare = /** @type {number} */ (speed.find((s) => s.name.startsWith("bare"))?.callsPerSecond);
  const facadeOff = /** @type {number} */ (speed[0]?.callsPerSecond);
  const ratio = facadeOff / bare;
  const solvapay = /** @type {{ runtime: number }} */ (sizes.find((s) => s.entry === "product-clients/solvapay"));
  const speedTable = table(
    ["call: solvapay.updateProduct (in-memory fetch)", "calls/s", "µs/call", "vs bare openapi-fetch"],
    speed.map((s) => [s.name, Math.round(s.callsPerSecond).toLocaleString("en-US"), (1e6 / s.callsPerSecond).toFixed(1), `${(s.callsPerSecond / bare).toFixed(2)}x`]),
  );
  const sizeTable = table(
    ["entry point (esbuild --minify, esm, openapi-fetch inlined; gzip -9)", "without validators", "validators chunk"],
    sizes.map((s) => [s.entry, kB(s.runtime), kB(s.validators)]),
  );
  return {
    title: `client: speed (median of ${runs} runs of ~${SAMPLE_SECONDS} s each) and size`,
    table: `${speedTable}\n\n${sizeTable}`,
    verdicts: [
      `facade (validation off) / bare openapi-fetch: ${ratio.toFixed(2)}x (target >= ${SPEED_TARGET}x): ${ratio >= SPEED_TARGET ? "met" : "missed"}`,
      `product-clients/solvapay without validators: ${kB(solvapay.runtime)} (target < 8 kB): ${solvapay.runtime < SIZE_LIMIT_BYTES ? "met" : "missed"}`,
    ],
  };
}

/** @param {number} runs */
async function measureSpeed(runs) {
  // The facade is bundled from src/ with esbuild rather than imported from dist/: `npm run build` empties
  // dist/ (other processes may be reading it) and takes seconds; a bundle of src/ is exactly the current code.
  const work = mkdtempSync(path.join(tmpdir(), "bench-client-"));
  try {
    await build({
      entryPoints: [path.join(repoRoot, "src", "solvapay.ts")],
      bundle: true,
      splitting: true,
      format: "esm",
      platform: "node",
      outdir: work,
      outExtension: { ".js": ".mjs" },
      logLevel: "silent",
      // openapi-fetch stays a real import of the very module the bare variant uses, so both run the same code.
      plugins: [{
        name: "shared-openapi-fetch",
        setup(b) {
          const resolved = import.meta.resolve("openapi-fetch");
          b.onResolve({ filter: /^openapi-fetch$/ }, () => ({ path: resolved, external: true }));
        },
      }],
    });
    const { createSolvaPayClient } = /** @type {typeof import("../../src/solvapay.js")} */ (
      await import(pathToFileURL(path.join(work, "solvapay.mjs")).href)
    );

    /** Set only while checking that every variant sends the same request; null while timing. */
    /** @type {((request: Request) => Promise<void>) | null} */
    let inspect = null;
    /**
     * @param {Request | string | URL} input
     * @param {RequestInit} [init]
     */
    const fetch = async (input, init) => {
      if (inspect) await inspect(new Request(input, init));
      return new Response(RESPONSE_TEXT, { status: 200, headers: { "content-type": "application/json" } });
    };

    const facadeOff = createSolvaPayClient({ apiKey: API_KEY, fetch, validateResponses: "off" });
    const facadeError = createSolvaPayClient({ apiKey: API_KEY, fetch, validateResponses: "error" });
    /** @type {import("openapi-fetch").Client<SolvaPayPaths>} */
    const bare = createClient({ baseUrl: BASE_URL, fetch, headers: { Authorization: `Bearer ${API_KEY}` } });

    /** @type {Array<[string, () => Promise<unknown>]>} */
    const variants = [
      ['facade, validateResponses: "off"', () => facadeOff.updateProduct(PRODUCT_REF, UPDATE)],
      ['facade, validateResponses: "error"', () => facadeError.updateProduct(PRODUCT_REF, UPDATE)],
      ["bare openapi-fetch client.PUT", async () => {
        const { data, error } = await bare.PUT("/v1/sdk/products/{productRef}", { params: { path: { productRef: PRODUCT_REF } }, body: UPDATE });
        if (error !== undefined) throw new Error("bare openapi-fetch returned an error");
        return data;
      }],
      ["hand-written fetch", async () => {
        const res = await fetch(`${BASE_URL}/v1/sdk/products/${encodeURIComponent(PRODUCT_REF)}`, {
          method: "PUT",
          headers: { Authorization: `Bearer ${API_KEY}`, "Content-Type": "application/json" },
          body: JSON.stringify(UPDATE),
        });
        if (!res.ok) throw new Error(`hand-written fetch: ${res.status}`);
        return res.json();
      }],
    ];

    // Every variant must send the same request and get the product back, or the comparison means nothing.
    for (const [name, call] of variants) {
      /** @type {string[]} */
      const seen = [];
      inspect = async (request) => {
        seen.push(`${request.method} ${request.url} ${request.headers.get("authorization")} ${await request.text()}`);
      };
      const result = /** @type {Product} */ (await call());
      inspect = null;
      const want = `PUT ${BASE_URL}/v1/sdk/products/${PRODUCT_REF} Bearer ${API_KEY} ${JSON.stringify(UPDATE)}`;
      if (seen.length !== 1 || seen[0] !== want) throw new Error(`${name} sent ${JSON.stringify(seen)}, expected [${JSON.stringify(want)}]`);
      if (result?.reference !== PRODUCT_REF) throw new Error(`${name} did not return the product`);
    }

    // Warm-up doubles as calibration: each sample is a fixed number of calls worth about SAMPLE_SECONDS.
    const calls = [];
    for (const [, call] of variants) {
      let n = 0;
      const started = performance.now();
      while (performance.now() - started < WARMUP_MS) {
        await call();
        n++;
      }
      calls.push(Math.max(1, Math.round((n / WARMUP_MS) * 1000 * SAMPLE_SECONDS)));
    }
    /** @type {number[][]} */
    const samples = variants.map(() => []);
    // Variants take turns within each run, so drift on the machine (heat, other load) hits them alike.
    for (let run = 0; run < runs; run++) {
      for (let v = 0; v < variants.length; v++) {
        const call = /** @type {[string, () => Promise<unknown>]} */ (variants[v])[1];
        const n = /** @type {number} */ (calls[v]);
        const started = performance.now();
        for (let i = 0; i < n; i++) await call();
        /** @type {number[]} */ (samples[v]).push((n / (performance.now() - started)) * 1000);
      }
    }
    return variants.map(([name], v) => ({ name, callsPerSecond: median(/** @type {number[]} */ (samples[v])) }));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function measureSizes() {
  const entries = [
    ["product-clients", "index"],
    ["product-clients/chatdash", "chatdash"],
    ["product-clients/solvapay", "solvapay"],
  ];
  const sizes = [];
  for (const [entry, file] of entries) {
    const { runtime, validators } = await entrySize(/** @type {string} */ (file));
    sizes.push({ entry: /** @type {string} */ (entry), runtime, validators });
  }
  return sizes;
}

/** @param {number} bytes */
const kB = (bytes) => `${(bytes / 1024).toFixed(2)} kB (${bytes} B)`;

/** @param {number[]} values */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return /** @type {number} */ (sorted[Math.floor(sorted.length / 2)]);
}
