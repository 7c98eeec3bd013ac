import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { config, proxy } from "@/proxy";

// Rules about the repository itself, read from its tracked files: it explains itself without
// documents that live elsewhere, and what public/ holds is served to anyone.

const root = join(import.meta.dirname, "..");

const tracked = execFileSync("git", ["ls-files", "-z"], { cwd: root, encoding: "utf8" })
  .split("\0")
  .filter((path) => path !== "" && !path.includes("node_modules/"));

function filesUnder(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? filesUnder(join(dir, entry.name))
      : [relative(root, join(root, dir, entry.name))],
  );
}

describe("the repository stands on its own", () => {
  it("points at no design document outside it (docs/architecture.md and CONTRIBUTING.md are here)", () => {
    // Spelled in two parts so this file does not name them itself.
    const outside = new RegExp(`(?:${["ARCHITECTURE", "CONVENTIONS"].join("|")})\\.md`);
    const pointing = tracked.filter((path) => {
      if (/\.(png|ico|jpe?g|gif|woff2?)$/.test(path)) return false;
      return outside.test(readFileSync(join(root, path), "utf8"));
    });
    expect(pointing).toEqual([]);
  });

  it("has the documents those pointers now name", () => {
    expect(tracked).toEqual(expect.arrayContaining(["docs/architecture.md", "CONTRIBUTING.md"]));
  });
});

const sources = tracked.filter(
  (path) => /\.tsx?$/.test(path) && !path.startsWith("db/migrations/") && path !== "next-env.d.ts",
);
const text = (path: string) => readFileSync(join(root, path), "utf8");
/** The source files, other than `owner` (and this test), where `pattern` matches. */
function usesOutside(pattern: RegExp, ...owners: string[]): string[] {
  return sources.filter(
    (path) =>
      !owners.includes(path) &&
      path !== "lib/repository-catalogue.test.ts" &&
      pattern.test(text(path)),
  );
}

describe("rules written once", () => {
  it("compares and serialises JSON only through lib/json.ts", () => {
    const ownEquality = /function (jsonEqual|canonicalJson|stableJson|sameValue|deepEqual)\b/;
    const stringifiedComparison =
      /[!=]==?\s*JSON\.stringify\(|JSON\.stringify\((?:[^()]|\([^()]*\))*\)\s*[!=]==?/;
    expect(usesOutside(ownEquality, "lib/json.ts")).toEqual([]);
    expect(usesOutside(stringifiedComparison, "lib/json.test.ts")).toEqual([]);
  });

  it("reads HTTP bodies only through lib/http/body.ts", () => {
    // Product code; tests read bodies as clients and stand-ins do.
    const app = (path: string) =>
      /^(app|lib|components|scripts)\/|^proxy\.ts$/.test(path) && !/\.test\.tsx?$/.test(path);
    const ownReader =
      /\.getReader\(\)|\b(request|req)\.(json|text|arrayBuffer|formData|blob)\(\)|\.on\("data"/;
    expect(usesOutside(ownReader, "lib/http/body.ts").filter((path) => app(path))).toEqual([]);
  });

  it("waits for background work in tests only through test/wait.ts", () => {
    const testCode = (path: string) =>
      /\.test\.tsx?$/.test(path) || path.startsWith("test/") || path.startsWith("e2e/");
    const sleeps = /new Promise\(\s*\(?resolve\)?\s*=>\s*setTimeout\(resolve/;
    // test/db.ts backs off between retries of a template clone: a retry, not a wait for an outcome.
    expect(
      usesOutside(sleeps, "test/wait.ts", "test/db.ts").filter((path) => testCode(path)),
    ).toEqual([]);
  });
});

// Files two parallel branches were editing when TextLink arrived; they are converted after those
// merges, and each is then removed from this list (a file that no longer needs it fails here).
const TEXT_LINK_PENDING: string[] = [];

describe("TextLink", () => {
  it("is the only place that spells a text link's classes", () => {
    const spelled = usesOutside(/text-brand-700 hover:underline/, "components/ui/text-link.tsx");
    expect(spelled.filter((path) => !TEXT_LINK_PENDING.includes(path))).toEqual([]);
    expect(TEXT_LINK_PENDING.filter((path) => !spelled.includes(path))).toEqual([]);
  });
});

describe("spelling", () => {
  // "summarise" everywhere, except names others already hold: the published API path, the
  // pg-boss queue (jobs in flight carry its name) and the column (stored data). The two files of
  // lib/memory keep their names until the branch editing them is merged, then move.
  const KEPT =
    /memory\.summarize|\/summarize\b|summarized_at|(?:\.|memory)\/summarize(?:\.test)?\b/g;
  const FILES_TO_MOVE: string[] = [];

  it('says "summarise" outside the names others already hold', () => {
    const american = tracked.filter(
      (path) =>
        !path.startsWith("db/migrations/") &&
        !/\.(png|ico)$/.test(path) &&
        path !== "package-lock.json" &&
        path !== "lib/repository-catalogue.test.ts" &&
        /summariz/i.test(text(path).replace(KEPT, "")),
    );
    expect(american).toEqual([]);
    const paths = tracked.filter(
      (path) => /summariz/i.test(path) && !path.startsWith("app/api/v1/memory/conversations/"),
    );
    expect(paths).toEqual(FILES_TO_MOVE);
  });
});

describe("public/", () => {
  const matcher = config.matcher[0]!;
  // The matcher's source is a path-to-regexp pattern made only of a regex group.
  const proxied = (path: string) => new RegExp(`^${matcher.source}$`).test(path);

  it("holds the favicon, robots.txt and the logo", () => {
    expect(filesUnder("public")).toEqual(
      expect.arrayContaining([
        "public/favicon.ico",
        "public/robots.txt",
        "public/brand/luneo-logo.svg",
        "public/brand/luneo-logo.png",
      ]),
    );
  });

  it.each(filesUnder("public").map((path) => path.slice("public".length)))(
    "serves %s signed out (the proxy never sends it to sign-in)",
    async (path) => {
      if (!proxied(path)) return;
      const response = await proxy(new NextRequest(`http://localhost${path}`));
      expect(response.headers.get("location")).toBeNull();
    },
  );

  it("still sends a signed-out visitor of the dashboard to sign-in", async () => {
    expect(proxied("/dashboard")).toBe(true);
    const response = await proxy(new NextRequest("http://localhost/dashboard"));
    expect(response.headers.get("location")).toContain("/sign-in");
  });

  it("keeps crawlers out of everything but the public status page and the brand assets", () => {
    const robots = readFileSync(join(root, "public/robots.txt"), "utf8");
    const rules = robots
      .split("\n")
      .filter((line) => line !== "" && !line.startsWith("#"))
      .map((line) => line.trim());
    expect(rules).toEqual(["User-agent: *", "Allow: /status", "Allow: /brand/", "Disallow: /"]);
  });
});
