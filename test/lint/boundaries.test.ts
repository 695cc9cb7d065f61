/**
 * The boundary rule of eslint/boundaries.js, run through ESLint with the project's own config on
 * source text placed at chosen paths: each forbidden import is reported, each allowed one is not.
 */
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const eslint = new ESLint({ cwd: process.cwd() });

async function boundaryErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === "boundaries/layers").map((m) => m.message);
}

describe("import boundaries", () => {
  it("lets a module reach another module through index.ts and schemas.ts only", async () => {
    const file = "src/modules/rates/probe.ts";
    expect(await boundaryErrors(file, 'export { transition } from "../cases/index.js";\n')).toEqual([]);
    expect(await boundaryErrors(file, 'export type { CaseDetail } from "../cases/schemas.js";\n')).toEqual(
      [],
    );
    expect(await boundaryErrors(file, 'export { transition } from "../cases/transition.js";\n')).toEqual([
      'import module "cases" through its index.ts, schemas.ts or manifest.ts, not its internals (src/modules/cases/transition.ts).',
    ]);
    // Deeper files of a module and its own internals.
    expect(
      await boundaryErrors(
        "src/modules/cases/actions/probe.ts",
        'export { x } from "../../grids/grid-index.js";\n',
      ),
    ).toHaveLength(1);
    expect(
      await boundaryErrors(
        "src/modules/cases/actions/probe.ts",
        'export { transition } from "../transition.js";\n',
      ),
    ).toEqual([]);
  });

  it("lets a module's tables (schema.ts) reference another module's tables, and nothing else of it", async () => {
    expect(
      await boundaryErrors(
        "src/modules/mediation/schema.ts",
        'export { cases } from "../cases/schema.js";\n',
      ),
    ).toEqual([]);
    expect(
      await boundaryErrors(
        "src/modules/mediation/routes.ts",
        'export { cases } from "../cases/schema.js";\n',
      ),
    ).toHaveLength(1);
    expect(
      await boundaryErrors(
        "src/modules/mediation/schema.ts",
        'export { x } from "../cases/transition.js";\n',
      ),
    ).toHaveLength(1);
  });

  it("keeps src/core and src/shared below the modules and the server", async () => {
    expect(
      await boundaryErrors(
        "src/core/units/probe.ts",
        'export { transition } from "../../modules/cases/index.js";\n',
      ),
    ).toHaveLength(1);
    expect(
      await boundaryErrors(
        "src/shared/probe.ts",
        'export { actorUnits } from "../core/units/actor-units.js";\n',
      ),
    ).toHaveLength(1);
    expect(
      await boundaryErrors("src/core/units/probe.ts", 'export { AppError } from "../../shared/errors.js";\n'),
    ).toEqual([]);
  });

  it("keeps modules off src/server and the server off the command line", async () => {
    expect(
      await boundaryErrors("src/modules/rates/probe.ts", 'export { buildApp } from "../../server/app.js";\n'),
    ).toHaveLength(1);
    expect(
      await boundaryErrors("src/server/probe.ts", 'export { run } from "../cli/main.js";\n'),
    ).toHaveLength(1);
    // A test may set up through the app.
    expect(
      await boundaryErrors(
        "src/modules/rates/probe.test.ts",
        'export { buildApp } from "../../server/app.js";\n',
      ),
    ).toEqual([]);
  });

  it("lets the web import only the web and the shared contracts", async () => {
    const page = "src/web/console/probe.ts";
    expect(
      await boundaryErrors(page, 'export { ERROR_CODES } from "../../shared/contracts/error-codes.js";\n'),
    ).toEqual([]);
    expect(await boundaryErrors(page, 'export { AppError } from "../../shared/errors.js";\n')).toHaveLength(
      1,
    );
    expect(
      await boundaryErrors(page, 'export type { CaseDetail } from "../../modules/cases/schemas.js";\n'),
    ).toHaveLength(1);
    const contracts = "src/web/shared/contracts.ts";
    expect(
      await boundaryErrors(
        contracts,
        'import type { CaseDetail } from "../../modules/cases/schemas.js";\nexport type X = CaseDetail;\n',
      ),
    ).toEqual([]);
    expect(
      await boundaryErrors(
        contracts,
        'import { CaseDetail } from "../../modules/cases/schemas.js";\nexport const x = CaseDetail;\n',
      ),
    ).toHaveLength(1);
  });
});
