// Koa 2 is installed under the `koa2` alias to run the same tests on both majors; its API is the one
// `@types/koa` describes for everything these tests use.
declare module "koa2" {
  import Koa from "koa";
  export default Koa;
}
