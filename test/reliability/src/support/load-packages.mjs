// Loads every published package the way users do, in a plain Node process (no test runner in
// between): `import` and `require` by package name. Prints one JSON object: per package, the sorted
// export names of each format (or the error) and which of its ESM exports are core's own values
// (re-exported, not copies or look-alikes), and a CommonJS verify through the fake Kinde, which
// catches an ESM-only dependency that the CJS build forgot to bundle.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const names = JSON.parse(process.argv[2]);
const esmOnly = new Set(JSON.parse(process.argv[3] ?? "[]"));
const out = { packages: {}, cjsVerify: undefined };
const core = await import("@acme/kinde-keys-core");

for (const name of names) {
  const entry = {};
  try {
    const module = await import(name);
    entry.esm = Object.keys(module)
      .filter((key) => key !== "default" && key !== "module.exports")
      .sort();
    entry.fromCore = entry.esm.filter((key) => key in core && module[key] === core[key]);
  } catch (error) {
    entry.esm = `error: ${error.code ?? ""} ${error.message}`;
  }
  if (!esmOnly.has(name)) {
    try {
      entry.cjs = Object.keys(require(name))
        .filter((key) => key !== "__esModule")
        .sort();
    } catch (error) {
      entry.cjs = `error: ${error.code ?? ""} ${error.message}`;
    }
  }
  out.packages[name] = entry;
}

try {
  const { createKindeKeys } = require("@acme/kinde-keys-core");
  const { createFakeKinde } = require("@acme/kinde-keys-testing");
  const fake = createFakeKinde();
  const { key } = fake.addKey({ scopes: ["read"] });
  // The built CommonJS fake must hand out working client settings too.
  const kinde = createKindeKeys(fake.clientConfig({ fetch: fake.fetch, env: {} }));
  const result = await kinde.verify(key);
  out.cjsVerify = result.valid ? "valid" : result.reason;
} catch (error) {
  out.cjsVerify = `error: ${error.message}`;
}

console.log(JSON.stringify(out));
