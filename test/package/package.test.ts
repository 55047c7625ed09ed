import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, symlink, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, test } from "vitest";
import { CHATDASH_PRODUCT, SOLVAPAY_PRODUCT } from "../helpers/fetch.js";
import { sendJson, startFaultServer, type FaultServer } from "../helpers/fault-server.js";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../..", import.meta.url));
let scratch: string;
let packedFiles: string[] = [];
let server: FaultServer;
const userAgents: string[] = [];

// A consumer as an app team would write it: both entry points, typed results, errors from the root.
const consumer = `
import { NotFoundError, createChatDashClient, createSolvaPayClient, type SolvaPayUpdateProductResult } from "product-clients";
import { createSolvaPayClient as createFromSubpath, isSolvaPayApiError } from "product-clients/solvapay";
import { createChatDashClient as createChatDashFromSubpath } from "product-clients/chatdash";

declare const process: { env: Record<string, string | undefined> };
const baseUrl = process.env.BASE_URL;
const warnings: string[] = [];
const logger = { warn: (message: string) => void warnings.push(message) };

const solvapay = createSolvaPayClient({ apiKey: "sk_sandbox_pkg", baseUrl, logger });
const product: SolvaPayUpdateProductResult = await solvapay.updateProduct("prd_1", { name: "n", status: "inactive" });
const balance: number = product.balance;
// @ts-expect-error not a status the spec allows
const rejected = () => solvapay.updateProduct("prd_1", { status: "archived" });
void rejected;

let notFound = "";
try {
  await createFromSubpath({ apiKey: "sk_sandbox_pkg", baseUrl, logger }).updateProduct("missing", {});
} catch (error) {
  if (error instanceof NotFoundError && isSolvaPayApiError(error, "ProductSdkController_updateProduct", 404)) notFound = error.name;
}

const chat = await createChatDashFromSubpath({ apiKey: "agency_pkg", baseUrl, logger }).updateProduct({ accountId: "a", productId: "p" });
const amount: string | undefined = chat.product?.pricing?.amount;
const sameFactory = createChatDashClient === createChatDashFromSubpath;
console.log(JSON.stringify({ balance, notFound, amount, sameFactory, warnings }));
`;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), "product-clients-package-"));
  const { stdout } = await run("npm", ["pack", "--json", "--pack-destination", scratch], { cwd: root });
  const [{ filename, files }] = JSON.parse(stdout.slice(stdout.indexOf("["))) as [{ filename: string; files: { path: string }[] }];
  packedFiles = files.map((file) => file.path);
  const app = join(scratch, "app");
  await mkdir(app);
  await writeFile(join(app, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }));
  try {
    await run("npm", ["install", "--offline", "--no-audit", "--no-fund", join(scratch, filename)], { cwd: app });
  } catch {
    // The npm cache lacks openapi-fetch: link this repo's copy, then install only the tarball.
    await mkdir(join(app, "node_modules"), { recursive: true });
    for (const name of ["openapi-fetch", "openapi-typescript-helpers"]) {
      await symlink(join(root, "node_modules", name), join(app, "node_modules", name), "dir");
    }
    await run("npm", ["install", "--offline", "--no-audit", "--no-fund", "--no-save", join(scratch, filename)], { cwd: app });
  }
  await writeFile(join(app, "consumer.ts"), consumer);
  await writeFile(
    join(app, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, lib: ["ES2023", "DOM"], types: [], skipLibCheck: false },
      files: ["consumer.ts"],
    }),
  );

  server = await startFaultServer();
  server.reset((request, response) => {
    userAgents.push(String(request.headers["user-agent"]));
    if (request.url === "/v1/sdk/products/prd_1") return sendJson(response, 200, SOLVAPAY_PRODUCT);
    if (request.url?.startsWith("/stripe/")) return sendJson(response, 200, CHATDASH_PRODUCT);
    sendJson(response, 404, { message: "Product not found" });
  });
}, 120_000);

afterAll(async () => {
  await server?.close();
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

test.each(["chatdash", "solvapay"])("the tarball holds every module the %s entry point imports", (api) => {
  for (const module of [`${api}.js`, `${api}.client.js`, `${api}.validators.js`]) {
    expect(packedFiles, `dist/generated/${module} is missing from the tarball`).toContain(`dist/generated/${module}`);
  }
  expect(packedFiles).toContain(`dist/src/${api}.js`);
  expect(packedFiles).toContain(`dist/src/${api}.d.ts`);
});

test("the packed tarball type-checks in a consumer project and runs against a local server", async () => {
  const app = join(scratch, "app");
  await run(join(root, "node_modules/.bin/tsc"), ["-p", "tsconfig.json"], { cwd: app }).catch((error: { stdout: string }) => {
    throw new Error(`tsc failed in the consumer project:\n${error.stdout}`);
  });
  const { stdout } = await run(process.execPath, ["consumer.js"], { cwd: app, env: { ...process.env, BASE_URL: server.baseUrl } });
  expect(JSON.parse(stdout)).toEqual({ balance: 0, notFound: "NotFoundError", amount: "2999", sameFactory: true, warnings: [] });
  const { version } = JSON.parse(await readFile(join(root, "package.json"), "utf8")) as { version: string };
  expect(new Set(userAgents)).toEqual(new Set([`product-clients/${version}`]));
}, 60_000);
