/**
 * The compiler options of a consumer project in the docs tests: strict, Node's ESM resolution,
 * Node and DOM globals, as an app that installs an adapter would have them.
 */
export const CONSUMER_OPTIONS = {
  strict: true,
  noEmit: true,
  target: "es2022",
  lib: ["es2023", "dom"],
  module: "nodenext",
  moduleResolution: "nodenext",
  types: ["node"],
  skipLibCheck: true,
};
