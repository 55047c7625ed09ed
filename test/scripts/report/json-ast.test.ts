import { readFileSync } from "node:fs";
import path from "node:path";
import { getLineColLocation, Source } from "@redocly/openapi-core";
import { describe, expect, it } from "vitest";
import { jsonAst } from "../../../scripts/report/json-ast.js";
import { realJsonSpecs } from "../../helpers/real-specs.js";

const specs = realJsonSpecs;

const escape = (key: string) => key.replaceAll("~", "~0").replaceAll("/", "~1");

/** Every pointer into the document, and one under each that points at nothing; at most about `limit`, evenly spread. */
function pointersOf(document: unknown, limit: number) {
  const all: string[] = [];
  const walk = (value: unknown, pointer: string) => {
    all.push(pointer, `${pointer}/missing`);
    if (value !== null && typeof value === "object") for (const [key, child] of Object.entries(value)) walk(child, `${pointer}/${escape(key)}`);
  };
  walk(document, "#");
  const step = Math.max(1, Math.floor(all.length / limit));
  return all.filter((_, i) => i % step === 0);
}

describe("json-ast", () => {
  it.each(specs.map((file) => [path.basename(file), file]))("locates every pointer of %s where Redocly's YAML tree does, on the key or the value", (_, file) => {
    const text = readFileSync(file, "utf8");
    const ours = new Source(file, text);
    const tree = jsonAst(text);
    ours.getAst(() => tree as never);
    // The tree Redocly will locate in is ours (getAst parses only when it holds none).
    expect(ours.getAst(() => undefined as never)).toBe(tree);
    const theirs = new Source(file, text);
    const pointers = pointersOf(JSON.parse(text), 4000);
    expect(pointers.length).toBeGreaterThan(100);
    for (const pointer of pointers) {
      for (const reportOnKey of [false, true]) {
        expect(getLineColLocation({ source: ours, pointer, reportOnKey }), `${pointer} ${reportOnKey}`).toEqual(getLineColLocation({ source: theirs, pointer, reportOnKey }));
      }
    }
  });
});
