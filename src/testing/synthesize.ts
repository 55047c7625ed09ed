import type { JsonSchema, MockApi } from "./api.js";
import { checkerFor } from "./schemas.js";

/**
 * A value for a JSON Schema, the same for the same schema and seed: `const`, `default` or the first `enum` value
 * where given, every declared property of an object, `minItems` items (at least one) of an array, strings shaped by
 * `format` and length bounds, numbers within their bounds. Patterns are not generated from; a body the spec's
 * examples give is preferred over this (see `defaultBody`).
 */
export function synthesize(api: MockApi<unknown>, schema: JsonSchema, seed = 1): unknown {
  const random = mulberry32(seed);
  return value(api, schema, random, 0, new Set());
}

const MAX_DEPTH = 6;

function value(api: MockApi<unknown>, schema: JsonSchema | undefined, random: () => number, depth: number, refs: Set<string>): unknown {
  if (!schema || typeof schema !== "object") return null;
  if (typeof schema.$ref === "string") {
    // A cycle ends at its first repeat: null where allowed, else the schema's bare minimum below.
    if (refs.has(schema.$ref)) return minimal(api.schemas[schema.$ref]);
    return value(api, api.schemas[schema.$ref], random, depth, new Set([...refs, schema.$ref]));
  }
  if ("const" in schema) return schema.const;
  if ("default" in schema && schema.default !== undefined) return schema.default;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum.find((v) => v !== null) ?? schema.enum[0];
  if (Array.isArray(schema.allOf)) {
    const parts = schema.allOf.map((part) => value(api, part as JsonSchema, random, depth, refs));
    const rest = value(api, { ...schema, allOf: undefined }, random, depth, refs);
    if (parts.every(isObject)) return Object.assign({}, ...parts, isObject(rest) ? rest : {});
    // A scalar must meet every part's keywords and the schema's own (`allOf: [{ $ref: Amount }]` beside `minimum: 1`,
    // as OpenAPI 3.0 narrows a shared type): where the first part's value does not, one made from all of them together.
    const accepts = (candidate: unknown) => checkerFor(api).check(schema, candidate).length === 0;
    if (accepts(parts[0])) return parts[0];
    const together = Object.assign({}, ...schema.allOf.map((part) => resolved(api, part as JsonSchema)), { ...schema, allOf: undefined });
    const candidate = value(api, together, random, depth, refs);
    return accepts(candidate) ? candidate : parts[0];
  }
  for (const key of ["oneOf", "anyOf"] as const) {
    const variants = schema[key];
    if (!Array.isArray(variants) || variants.length === 0) continue;
    // The first variant whose value the whole schema accepts: a oneOf fails when a value matches two variants.
    const candidates = variants.map((variant) => value(api, variant as JsonSchema, random, depth, refs));
    return candidates.find((candidate) => checkerFor(api).check(schema, candidate).length === 0) ?? candidates[0];
  }
  const types = Array.isArray(schema.type) ? (schema.type as string[]) : typeof schema.type === "string" ? [schema.type] : [];
  const type = types.find((t) => t !== "null") ?? types[0] ?? (schema.properties ? "object" : schema.items ? "array" : undefined);
  switch (type) {
    case "object": {
      const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
      const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
      const out: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(properties)) {
        if (depth >= MAX_DEPTH && !required.has(key)) continue;
        out[key] = value(api, child, random, depth + 1, refs);
      }
      for (const key of required) if (!(key in out)) out[key] = "value";
      return out;
    }
    case "array": {
      const count = Math.max(typeof schema.minItems === "number" ? schema.minItems : 0, depth >= MAX_DEPTH ? 0 : 1);
      const items = Array.isArray(schema.items) ? (schema.items[0] as JsonSchema) : (schema.items as JsonSchema | undefined);
      return Array.from({ length: count }, () => value(api, items ?? {}, random, depth + 1, refs));
    }
    case "string":
      return string(schema, random);
    case "integer":
    case "number":
      return number(schema, type === "integer", random);
    case "boolean":
      return true;
    case "null":
      return null;
    default:
      return {};
  }
}

/** A part of an `allOf` with its `$ref` followed (to any depth), for merging its keywords with the others'. */
function resolved(api: MockApi<unknown>, schema: JsonSchema, seen = new Set<string>()): JsonSchema {
  if (typeof schema?.$ref !== "string" || seen.has(schema.$ref)) return schema;
  const target = api.schemas[schema.$ref];
  return target ? resolved(api, target, seen.add(schema.$ref)) : schema;
}

function minimal(schema: JsonSchema | undefined): unknown {
  const types = Array.isArray(schema?.type) ? (schema.type as string[]) : [schema?.type];
  if (types.includes("null")) return null;
  if (types.includes("array")) return [];
  return {};
}

function string(schema: JsonSchema, random: () => number): string {
  const n = Math.floor(random() * 1e6);
  const byFormat: Record<string, string> = {
    "date-time": new Date(Date.UTC(2024, 0, 1) + n * 1000).toISOString(),
    date: "2024-01-01",
    time: "12:00:00Z",
    email: `user${n}@example.com`,
    uri: `https://example.com/${n}`,
    url: `https://example.com/${n}`,
    uuid: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    ipv4: "192.0.2.1",
    ipv6: "2001:db8::1",
    hostname: "example.com",
  };
  let text = byFormat[String(schema.format)] ?? `string-${n}`;
  const min = typeof schema.minLength === "number" ? schema.minLength : 0;
  const max = typeof schema.maxLength === "number" ? schema.maxLength : Infinity;
  if (text.length < min) text = text.padEnd(min, "x");
  if (text.length > max) text = text.slice(0, max);
  return text;
}

function number(schema: JsonSchema, integer: boolean, random: () => number): number {
  const num = (key: string) => (typeof schema[key] === "number" ? (schema[key] as number) : undefined);
  // draft-04 writes exclusive bounds as booleans beside minimum/maximum; 2020-12 as numbers.
  const max = num("maximum") ?? num("exclusiveMaximum");
  // With no lower bound, values start at 0, or below the upper bound where that is negative.
  let low = num("minimum") ?? num("exclusiveMinimum") ?? (max !== undefined && max < 0 ? max - 1000 : 0);
  let high = max ?? Math.max(low, 0) + 1000;
  if (schema.exclusiveMinimum === true || (num("exclusiveMinimum") !== undefined && num("minimum") === undefined)) low += integer ? 1 : 0.5;
  if (schema.exclusiveMaximum === true || (num("exclusiveMaximum") !== undefined && num("maximum") === undefined)) high -= integer ? 1 : 0.5;
  const step = num("multipleOf") ?? (integer ? 1 : 0.01);
  const first = Math.ceil(low / step) * step;
  const span = Math.max(0, Math.floor((high - first) / step));
  const result = first + Math.floor(random() * (span + 1)) * step;
  return integer ? Math.round(result) : Number(result.toFixed(10));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A small seeded generator: the same seed gives the same bodies on every run and machine. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
