/**
 * The import boundaries of the code base, as one lint rule (`boundaries/layers`), checked on the
 * resolved path of every relative import:
 * - `src/shared` and `src/core` sit below the modules: they never import `src/modules`,
 *   `src/server` or `src/cli` (`src/shared` not `src/core` either).
 * - A module (`src/modules/<m>`) imports another module only through its public face:
 *   `index.ts` (what it offers other modules), `schemas.ts` (its API shapes) and `manifest.ts`
 *   (what it registers with the core, listed in `src/modules/registry.ts`); a module's tables
 *   (`schema.ts`) may name another module's tables (`schema.ts`) for foreign keys. Modules never
 *   import `src/server` (the app imports them) except its request context and auth hooks, nor
 *   `src/cli`.
 * - Tests and test fixtures may set up through anything outside the web.
 * - The server does not import the command line (`src/cli`).
 * - The web imports only `src/web` and `src/shared/contracts`; `src/web/shared/contracts.ts` alone
 *   may name the modules' `schemas.ts`, type-only.
 */
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..");
const rel = (file) => path.relative(ROOT, file).split(path.sep).join("/");
const isTest = (file) => /(\.test\.tsx?|\/test-fixtures\.ts|\/test-factory\.ts)$/.test(file);
const PUBLIC_FACE = new Set(["index.ts", "schemas.ts", "manifest.ts"]);
/** The module registry (src/modules/registry.ts) lists every manifest. */
const REGISTRY = "src/modules/registry.ts";
const SERVER_CONTEXT = new Set(["src/server/context.ts", "src/server/auth.ts"]);

/** Why `from` may not import `to` (both repository-relative .ts paths), or null when it may. */
function violation(from, to, typeOnly) {
  const [fromTop, fromLayer, fromModule] = from.split("/");
  const [toTop, toLayer, toModule, ...toRest] = to.split("/");
  if (fromTop !== "src" || toTop !== "src") return null;
  if (fromLayer === "web") {
    if (toLayer === "web") return null;
    if (to.startsWith("src/shared/contracts/")) return null;
    if (
      from === "src/web/shared/contracts.ts" &&
      toLayer === "modules" &&
      to.endsWith("/schemas.ts") &&
      typeOnly
    ) {
      return null;
    }
    return "the web imports only src/web and src/shared/contracts (server shapes through src/web/shared/contracts.ts, type-only)";
  }
  if (toLayer === "web") return "only the web imports src/web";
  // Tests and their fixtures set up through whatever they need (a module's internals, the CLI).
  if (isTest(from)) return null;
  if (fromLayer === "shared" && ["core", "modules", "server", "cli"].includes(toLayer)) {
    return "src/shared is the bottom layer: it imports neither src/core nor modules, server or cli";
  }
  if (fromLayer === "core" && ["modules", "server", "cli"].includes(toLayer)) {
    return "src/core sits below the modules: it imports no module, nor src/server or src/cli";
  }
  if (fromLayer === "server" && toLayer === "cli") return "the server does not import the command line";
  if (fromLayer === "modules") {
    if (toLayer === "cli") return "modules do not import the command line";
    if (toLayer === "server" && !SERVER_CONTEXT.has(to)) {
      return "modules do not import src/server (shared pieces live in src/shared or src/core)";
    }
    // A module's tables may reference another module's (foreign keys): schema.ts to schema.ts.
    const tableToTable = from.endsWith("/schema.ts") && to.endsWith("/schema.ts");
    if (toLayer === "modules" && toModule !== fromModule && to !== REGISTRY && !tableToTable) {
      const face = toRest.join("/");
      if (!PUBLIC_FACE.has(face)) {
        return `import module "${toModule}" through its index.ts, schemas.ts or manifest.ts, not its internals`;
      }
    }
  }
  return null;
}

/** @type {import("eslint").Rule.RuleModule} */
const layers = {
  meta: { type: "problem", schema: [], messages: { boundary: "{{why}} ({{target}})." } },
  create(context) {
    const from = rel(context.filename);
    function check(node, source, typeOnly) {
      const spec = source?.value;
      if (typeof spec !== "string" || !spec.startsWith(".")) return;
      const target = rel(path.resolve(path.dirname(context.filename), spec)).replace(/\.js(x?)$/, ".ts$1");
      const why = violation(from, target, typeOnly);
      if (why) context.report({ node: source, messageId: "boundary", data: { why, target } });
    }
    return {
      ImportDeclaration: (node) =>
        check(
          node,
          node.source,
          node.importKind === "type" ||
            (node.specifiers.length > 0 && node.specifiers.every((s) => s.importKind === "type")),
        ),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source, node.exportKind === "type"),
      ExportAllDeclaration: (node) => check(node, node.source, node.exportKind === "type"),
      ImportExpression: (node) => node.source.type === "Literal" && check(node, node.source, false),
    };
  },
};

export default { rules: { layers } };
