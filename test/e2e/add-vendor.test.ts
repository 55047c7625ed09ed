import { execFile } from "node:child_process";
import { cpSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { repoRoot, tempProject, type TempProject } from "../helpers/temp-project.js";

// README, "Adding a vendor", followed to the letter on a scratch copy of the project: the spec, an optional
// overlay, an `apis:` entry, `npm run generate`. No TypeScript is written; the calls are then used as an app would.
const fixtures = path.join(repoRoot, "test/fixtures/new-vendors");
let project: TempProject;
let server: Server;
let baseUrl: string;
const received: { method: string; url: string; headers: IncomingMessage["headers"]; body: string }[] = [];
let answer: (n: number) => { status: number; headers?: Record<string, string>; body?: string } = () => ({ status: 500 });

type Module = Record<string, (...args: never[]) => unknown>;
let acme: Record<string, (...args: unknown[]) => Promise<unknown> & { withResponse(): Promise<{ status: number; data: unknown; headers: Headers }> }>;
let payco: typeof acme;
let acmeModule: Module;

beforeAll(async () => {
  project = tempProject();
  cpSync(path.join(fixtures, "acme.yaml"), project.file("specs/acme.yaml"));
  cpSync(path.join(fixtures, "payco.yaml"), project.file("specs/payco.yaml"));
  cpSync(path.join(fixtures, "payco.overlay.yaml"), project.file("specs/overlays/payco.yaml"));
  project.edit("redocly.yaml", (text) => `${text}  acme@2.3.0:\n    root: specs/acme.yaml\n  payco@2024-06-01:\n    root: specs/payco.yaml\n    overlays:\n      - specs/overlays/payco.yaml\n`);
  const result = await project.generate();
  if (result.code !== 0) throw new Error(`generate failed:\n${result.stdout}\n${result.stderr}`);

  // The runtime the generated calls import, as the package ships it beside them.
  cpSync(path.join(repoRoot, "src"), project.file("src"), { recursive: true });
  symlinkSync(path.join(repoRoot, "node_modules"), project.file("node_modules"), "dir");

  server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      received.push({ method: request.method ?? "", url: request.url ?? "", headers: request.headers, body });
      const { status, headers = {}, body: out } = answer(received.length);
      response.writeHead(status, headers).end(out);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  acmeModule = (await import(project.file("generated/acme.client.ts"))) as Module;
  const paycoModule = (await import(project.file("generated/payco.client.ts"))) as Module;
  acme = (acmeModule.createAcmeClient as (o: object) => typeof acme)({ apiKey: "acme_key", baseUrl });
  payco = (paycoModule.createPayCoClient as (o: object) => typeof acme)({ apiKey: "sk_test_payco", baseUrl });
}, 120_000);

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  project?.remove();
});

describe("a vendor added by the README's steps only", () => {
  test("generate wrote its client and listed it in the package's index", () => {
    expect(project.read("generated/clients.ts")).toContain('export * from "./acme.client.js";');
    expect(project.read("generated/clients.ts")).toContain('export * from "./payco.client.js";');
  });

  test("a PATCH with If-Match sends the header, the merge-patch body and the key; its 204 and ETag come back typed", async () => {
    received.length = 0;
    answer = () => ({ status: 204, headers: { etag: '"v2"' } });
    const full = await acme.productsUpdate!("prod 1", { name: "Pro" }, { headers: { "If-Match": '"v1"' } }).withResponse();
    expect(full.status).toBe(204);
    expect(full.data).toBeUndefined();
    expect(full.headers.get("etag")).toBe('"v2"');
    expect(received).toHaveLength(1);
    const [sent] = received;
    expect(sent?.method).toBe("PATCH");
    expect(sent?.url).toBe("/products/prod%201");
    expect(sent?.headers["if-match"]).toBe('"v1"');
    expect(sent?.headers["x-api-key"]).toBe("acme_key");
    expect(sent?.headers["content-type"]).toBe("application/merge-patch+json");
    expect(JSON.parse(sent?.body ?? "")).toEqual({ name: "Pro" });
  });

  test("a 412 is an ApiError its predicate narrows, and a PATCH without an idempotency key is not retried", async () => {
    received.length = 0;
    answer = () => ({ status: 412, headers: { "content-type": "application/json" }, body: '{"message":"stale"}' });
    const error = await acme.productsUpdate!("p", {}, { headers: { "If-Match": '"v0"' } }).catch((e: unknown) => e);
    expect((acmeModule.isAcmeApiError as (e: unknown, call: string, status: number) => boolean)(error, "productsUpdate", 412)).toBe(true);
    expect((error as { body: unknown }).body).toEqual({ message: "stale" });
    expect(received).toHaveLength(1);
  });

  test("a form-encoded POST sends nested fields in brackets, with a generated idempotency key kept across its retry", async () => {
    received.length = 0;
    answer = (n): ReturnType<typeof answer> =>
      n === 1
        ? { status: 503, headers: { "retry-after": "0" } }
        : { status: 200, headers: { "content-type": "application/json" }, body: '{"id":"prod_1","name":"Pro"}' };
    const product = await payco.updateProduct!("prod_1", { name: "Pro", active: true, metadata: { tier: "pro" }, tags: ["a", "b"] });
    expect(product).toEqual({ id: "prod_1", name: "Pro" });
    expect(received).toHaveLength(2);
    for (const sent of received) {
      expect(sent.method).toBe("POST");
      expect(sent.url).toBe("/v1/products/prod_1");
      expect(sent.headers.authorization).toBe("Bearer sk_test_payco");
      expect(sent.headers["content-type"]).toBe("application/x-www-form-urlencoded");
      expect(Object.fromEntries(new URLSearchParams(sent.body))).toEqual({ name: "Pro", active: "true", "metadata[tier]": "pro", "tags[0]": "a", "tags[1]": "b" });
    }
    expect(received[0]?.headers["idempotency-key"]).toMatch(/^[0-9a-f-]{36}$/);
    expect(received[1]?.headers["idempotency-key"]).toBe(received[0]?.headers["idempotency-key"]);
  });

  test("the calls are typed from the specs: a required If-Match, a 204 with no body, form fields", async () => {
    const consumer = `
import { createAcmeClient, isAcmeApiError } from "./generated/acme.client.js";
import { createPayCoClient } from "./generated/payco.client.js";

const acme = createAcmeClient({ apiKey: "k" });
// @ts-expect-error If-Match is required by the spec
void acme.productsUpdate("p", { name: "x" });
// @ts-expect-error price is an integer
void acme.productsUpdate("p", { price: "1" }, { headers: { "If-Match": "v" } });
const full = await acme.productsUpdate("p", { name: "x" }, { headers: { "If-Match": "v" } }).withResponse();
const status: 204 = full.status;
const data: undefined = full.data;
const etag: string | null = full.headers.get("etag");
const error: unknown = undefined;
if (isAcmeApiError(error, "productsUpdate", 412)) {
  const message: string | undefined = typeof error.body === "object" ? error.body.message : undefined;
  void message;
}
const payco = createPayCoClient({ apiKey: "k" });
const product = await payco.updateProduct("prod_1", { metadata: { tier: "pro" }, tags: ["a"] });
const name: string = product.name;
// @ts-expect-error not a field of the form
void payco.updateProduct("prod_1", { nmae: "x" });
void [status, data, etag, name];
`;
    writeFileSync(project.file("consumer.ts"), consumer);
    writeFileSync(project.file("package.json"), JSON.stringify({ type: "module" }));
    writeFileSync(
      project.file("tsconfig.json"),
      JSON.stringify({ extends: path.join(repoRoot, "tsconfig.json"), compilerOptions: { types: [] }, include: ["consumer.ts"] }),
    );
    const tsc = path.join(repoRoot, "node_modules/typescript/bin/tsc");
    const { stdout } = await promisify(execFile)(process.execPath, [tsc, "--noEmit", "-p", project.file("tsconfig.json")]).catch(
      (e: { stdout: string }) => ({ stdout: e.stdout }),
    );
    expect(stdout).toBe("");
  }, 120_000);
});

describe("product-clients/testing for a vendor added by the README's steps only", () => {
  type MockModule = { api: object };
  type Kit = typeof import("../../src/testing/index.js");
  const mockOf = async (name: string) => {
    const kit = (await import(project.file("src/testing/index.ts"))) as Kit;
    const { api } = (await import(project.file(`generated/${name}.testing.ts`))) as MockModule;
    return kit.createMock(api as never) as ReturnType<Kit["createMock"]>;
  };

  test("acme: the PATCH with If-Match passes the spec's checks and gets its declared 204", async () => {
    const mock = await mockOf("acme");
    const client = (acmeModule.createAcmeClient as (o: object) => typeof acme)({ apiKey: "acme_key", fetch: mock.fetch, validateResponses: "error" });
    const full = await client.productsUpdate!("prod 1", { name: "Pro" }, { headers: { "If-Match": '"v1"' } }).withResponse();
    expect(full.status).toBe(204);
    expect(mock.calls[0]).toMatchObject({ call: "productsUpdate", pathParams: { productId: "prod 1" }, body: { name: "Pro" }, headers: { "if-match": '"v1"' } });
    mock.assertNoViolations();
  });

  test("payco: the form-encoded POST is read back and checked; a field the form does not have is a violation", async () => {
    const mock = await mockOf("payco");
    const paycoModule = (await import(project.file("generated/payco.client.ts"))) as Module;
    const client = (paycoModule.createPayCoClient as (o: object) => typeof acme)({ apiKey: "sk_test_payco", fetch: mock.fetch, validateResponses: "error", maxRetries: 0 });
    const product = await client.updateProduct!("prod_1", { metadata: { tier: "pro" }, tags: ["a", "b"], active: false });
    expect(product).toMatchObject({ id: expect.any(String), name: expect.any(String) });
    expect(mock.calls[0]?.body).toEqual({ metadata: { tier: "pro" }, tags: ["a", "b"], active: false });
    mock.assertNoViolations();
    await expect(client.updateProduct!("prod_1", { nmae: "x" })).rejects.toMatchObject({ status: 400 });
    expect(() => mock.assertNoViolations()).toThrow(/\$\.body\.nmae/);
  });
});
