import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { freePort } from "./ports.js";

const root = fileURLToPath(new URL("../..", import.meta.url));

export interface Prism {
  baseUrl: string;
  stop(): Promise<void>;
}

/** Starts `prism mock` on a bundled spec, on loopback, with --errors so an invalid request is refused. */
export async function startPrism(api: string): Promise<Prism> {
  const port = await freePort();
  const child = spawn(
    `${root}/node_modules/.bin/prism`,
    ["mock", `generated/${api}.bundled.json`, "-h", "127.0.0.1", "-p", String(port), "--errors"],
    { cwd: root, stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout.on("data", (chunk: Buffer) => (output += chunk));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk));
  const exited = once(child, "exit");
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill();
      await exited;
    }
  };

  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 45_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`prism exited early:\n${output}`);
    try {
      await fetch(`${baseUrl}/__ready`, { signal: AbortSignal.timeout(1_000) }).then((response) => response.arrayBuffer());
      return { baseUrl, stop };
    } catch {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`prism did not answer within 45 s:\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/** An injected fetch that keeps every response's headers, to check Prism's `sl-violations`. */
export function observingFetch() {
  const responses: { status: number; headers: Headers }[] = [];
  const observe = async (input: Request | string, init?: RequestInit): Promise<Response> => {
    const response = await fetch(input, init);
    responses.push({ status: response.status, headers: response.headers });
    return response;
  };
  return { fetch: observe, responses };
}
