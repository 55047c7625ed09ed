import { readdirSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "./temp-project.js";

/** GitHub's 13 MB REST spec, as @octokit/openapi (a devDependency) publishes it. */
export const githubSpec = path.join(repoRoot, "node_modules/@octokit/openapi/generated/api.github.com.json");

/** Real published JSON specs: the corpus's (test/fixtures/corpus/README.md says where each is from) and GitHub's. */
export const realJsonSpecs = [
  ...readdirSync(path.join(repoRoot, "test/fixtures/corpus"))
    .filter((name) => name.endsWith(".json"))
    .map((name) => path.join(repoRoot, "test/fixtures/corpus", name)),
  githubSpec,
];
