// Express 4 and Koa 2 are installed under the `express4` and `koa2` aliases so that the same apps
// run on both majors; their APIs are the ones `@types/express` and `@types/koa` describe for
// everything the harness uses.
declare module "express4" {
  import express from "express";
  export default express;
}
declare module "koa2" {
  import Koa from "koa";
  export default Koa;
}
