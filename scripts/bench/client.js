// @ts-check
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { build } from "esbuild";
import createClient from "openapi-fetch";
import { entrySize } from "./entry-size.js";
import { median, table } from "./measure.js";

/** @typedef {import("../../generated/solvapay.js").paths} SolvaPayPaths */
/** @typedef {import("../../generated/solvapay.client.js").SolvaPayUpdateProductResult} Product */

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
const BATCH_MS = 50;
const WARMUP_MS = 300;
const SIZE_LIMIT_BYTES = 8 * 1024;
const SPEED_TARGET = 0.9;

/**
 * Issue 3's "Speed and size": calls/s of one updateProduct through the facade, bare openapi-fetch
 * and a hand-written fetch, on an in-memory fetch (the target) and on Node's fetch over loopback HTTP;
 * then the minified, gzipped size of each entry point.
 * @param {{ runs: number }} options
 */
export async function benchClient({ runs }) {
  const { memory, loopback } = await measureSpeed(runs);
  const sizes = await measureSizes();

  const ratio = ratioOf(memory);
  const solvapay = /** @type {{ runtime: number }} */ (sizes.find((s) => s.entry === "product-clients/solvapay"));
  const sizeTable = table(
    ["entry point (esbuild --minify, esm, openapi-fetch inlined; gzip -9)", "without validators", "validators chunk"],
    sizes.map((s) => [s.entry, kB(s.runtime), kB(s.validators)]),
  );
  return {
    title: `client: speed (${runs} s of ${BATCH_MS} ms batches per variant, taking turns; median batch) and size`,
    table: `${speedTable("in-memory fetch", memory)}\n\n${speedTable("Node's fetch, loopback HTTP", loopback)}\n\n${sizeTable}`,
    verdicts: [
      `facade (validation off) / bare openapi-fetch, in-memory fetch: ${ratio.toFixed(2)}x (target >= ${SPEED_TARGET}x): ${ratio >= SPEED_TARGET ? "met" : "missed"}`,
      `the same over loopback HTTP: ${ratioOf(loopback).toFixed(2)}x`,
      `product-clients/solvapay without validators: ${kB(solvapay.runtime)} (target < 8 kB): ${solvapay.runtime < SIZE_LIMIT_BYTES ? "met" : "missed"}`,
    ],
  };
}

/** @param {Array<{ name: string, callsPerSecond: number }>} speed */
function ratioOf(speed) {
  const bare = /** @type {number} */ (speed.find((s) => s.name.startsWith("bare"))?.callsPerSecond);
  return /** @type {number} */ (speed[0]?.callsPerSecond) / bare;
}

/**
 * @param {string} transport
 * @param {Array<{ name: string, callsPerSecond: number }>} speed
 */
function speedTable(transport, speed) {
  const bare = /** @type {number} */ (speed.find((s) => s.name.startsWith("bare"))?.callsPerSecond);
  return table(
    [`call: solvapay.updateProduct (${transport})`, "calls/s", "µs/call", "vs bare openapi-fetch"],
    speed.map((s) => [s.name, Math.round(s.callsPerSecond).toLocaleString("en-US"), (1e6 / s.callsPerSecond).toFixed(1), `${(s.callsPerSecond / bare).toFixed(2)}x`]),
  );
}

/** @param {number} runs */
async function measureSpeed(runs) {
  // The facade is bundled from src/ with esbuild rather than imported from dist/: `npm run build` empties
  // dist/ (other processes may be reading it) and takes seconds; a bundle of src/ is exactly the current code.
  const work = mkdtempSync(path.join(tmpdir(), "bench-client-"));
  try {
    await build({
      entryPoints: [path.join(repoRoot, "generated", "solvapay.client.ts")],
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
    const { createSolvaPayClient } = /** @type {typeof import("../../generated/solvapay.client.js")} */ (
      await import(pathToFileURL(path.join(work, "solvapay.client.mjs")).href)
    );

    /** Set only while checking that every variant sends the same request; null while timing. */
    /** @type {((request: Request) => Promise<void>) | null} */
    let inspect = null;
    /**
     * Answers at once, but looks at the abort signal wherever the caller put it, as any fetch must.
     * @param {Request | string | URL} input
     * @param {RequestInit} [init]
     */
    const inMemoryFetch = async (input, init) => {
      (init?.signal ?? (input instanceof Request ? input.signal : undefined))?.throwIfAborted();
      if (inspect) await inspect(new Request(input, init));
      return new Response(RESPONSE_TEXT, { status: 200, headers: { "content-type": "application/json" } });
    };

    const inMemory = variantsFor(createSolvaPayClient, BASE_URL, inMemoryFetch);
    // Every variant must send the same request and get the product back, or the comparison means nothing.
    for (const [name, call] of inMemory) {
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
    const memory = await compare(inMemory, runs);

    // The same calls through Node's own fetch to a server on another thread: what an app sees, socket included.
    const server = await startLoopbackServer();
    try {
      const loopback = await compare(variantsFor(createSolvaPayClient, server.baseUrl, globalThis.fetch), runs);
      return { memory, loopback };
    } finally {
      await server.stop();
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * @param {typeof import("../../generated/solvapay.client.js").createSolvaPayClient} createSolvaPayClient
 * @param {string} baseUrl
 * @param {(input: Request | string, init?: RequestInit) => Promise<Response>} fetch
 * @returns {Array<[string, () => Promise<unknown>]>}
 */
function variantsFor(createSolvaPayClient, baseUrl, fetch) {
  const facadeOff = createSolvaPayClient({ apiKey: API_KEY, baseUrl, fetch, validateResponses: "off" });
  const facadeError = createSolvaPayClient({ apiKey: API_KEY, baseUrl, fetch, validateResponses: "error" });
  /** @type {import("openapi-fetch").Client<SolvaPayPaths>} */
  const bare = createClient({ baseUrl, fetch, headers: { Authorization: `Bearer ${API_KEY}` } });
  return [
    ['facade, validateResponses: "off"', () => facadeOff.updateProduct(PRODUCT_REF, UPDATE)],
    ['facade, validateResponses: "error"', () => facadeError.updateProduct(PRODUCT_REF, UPDATE)],
    ["bare openapi-fetch client.PUT", async () => {
      const { data, error } = await bare.PUT("/v1/sdk/products/{productRef}", { params: { path: { productRef: PRODUCT_REF } }, body: UPDATE });
      if (error !== undefined) throw new Error("bare openapi-fetch returned an error");
      return data;
    }],
    ["hand-written fetch", async () => {
      const res = await fetch(`${baseUrl}/v1/sdk/products/${encodeURIComponent(PRODUCT_REF)}`, {
        method: "PUT",
        headers: { Authorization: `Bearer ${API_KEY}`, "Content-Type": "application/json" },
        body: JSON.stringify(UPDATE),
      });
      if (!res.ok) throw new Error(`hand-written fetch: ${res.status}`);
      return res.json();
    }],
  ];
}

/**
 * Calls/s of each variant. Variants take turns in short batches (BATCH_MS), many rounds of them, and each
 * variant's median batch counts: drift on the machine (heat, other load, a GC) hits all variants alike.
 * @param {Array<[string, () => Promise<unknown>]>} variants
 * @param {number} runs
 */
async function compare(variants, runs) {
  // Warm-up doubles as calibration: each batch is a fixed number of calls worth about BATCH_MS.
  const calls = [];
  for (const [, call] of variants) {
    let n = 0;
    const started = performance.now();
    while (performance.now() - started < WARMUP_MS) {
      await call();
      n++;
    }
    calls.push(Math.max(1, Math.round((n / WARMUP_MS) * BATCH_MS)));
  }
  /** @type {number[][]} */
  const samples = variants.map(() => []);
  const rounds = Math.round((runs * SAMPLE_SECONDS * 1000) / BATCH_MS);
  for (let round = 0; round < rounds; round++) {
    for (let v = 0; v < variants.length; v++) {
      const call = /** @type {[string, () => Promise<unknown>]} */ (variants[v])[1];
      const n = /** @type {number} */ (calls[v]);
      const started = performance.now();
      for (let i = 0; i < n; i++) await call();
      /** @type {number[]} */ (samples[v]).push((n / (performance.now() - started)) * 1000);
    }
  }
  return variants.map(([name], v) => ({ name, callsPerSecond: median(/** @type {number[]} */ (samples[v])) }));
}

/** A keep-alive HTTP server on 127.0.0.1 in a worker thread, answering every request with the product. */
async function startLoopbackServer() {
  const worker = new Worker(
    `const http = require("node:http");
     const { parentPort, workerData } = require("node:worker_threads");
     const server = http.createServer((req, res) => {
       req.resume();
       req.on("end", () => { res.writeHead(200, { "content-type": "application/json" }); res.end(workerData); });
     });
     server.listen(0, "127.0.0.1", () => parentPort.postMessage(server.address().port));
     parentPort.on("message", () => server.close(() => process.exit(0)));`,
    { eval: true, workerData: RESPONSE_TEXT },
  );
  const port = await new Promise((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
  });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    stop: async () => {
      worker.postMessage("stop");
      await new Promise((resolve) => worker.once("exit", resolve));
    },
  };
}

async function measureSizes() {
  const entries = [
    ["product-clients", "src/index.ts"],
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
