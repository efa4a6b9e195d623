/**
 * @module test-app
 * The conformance suite's app in Hono, shared by the suite's Node and workerd runs. Requests go
 * through `app.request`, in process, as Fetch `Request`s.
 */
import { type Context, Hono } from "hono";
import {
  HANDLER_ANSWER,
  type MakeApp,
  readResponse,
} from "../../../test/adapter-conformance/suite.ts";
import { kindeApiKey, requireScopes } from "./index.ts";

/** Builds the three routes the suite expects. */
export const honoApp: MakeApp = ({ options, routeScopes, handled }) => {
  const answer = (c: Context) => {
    handled(c.get("kindeApiKey"));
    return c.body(HANDLER_ANSWER.body, HANDLER_ANSWER.status, HANDLER_ANSWER.headers);
  };
  const app = new Hono();
  app.get("/things", kindeApiKey(options), answer);
  app.get(
    "/orgs/:org/things",
    kindeApiKey({ ...options, orgCode: (c) => c.req.param("org") }),
    answer,
  );
  app.get("/admin", kindeApiKey(options), requireScopes(...routeScopes), answer);
  return async ({ path, headers = [] }) =>
    readResponse(
      await app.request(path, {
        headers: headers.map(([name, value]): [string, string] => [name, value]),
      }),
    );
};
