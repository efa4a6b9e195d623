// Express 4 is installed under the `express4` alias to run the same tests on both majors; its API
// is the one `@types/express` describes for everything these tests use.
declare module "express4" {
  import express from "express";
  export default express;
}
