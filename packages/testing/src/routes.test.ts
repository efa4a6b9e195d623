import { describe, expect, it } from "vitest";
import { countedCall, faultGroup, matchRoute } from "./routes.ts";

describe("matchRoute", () => {
  it.each([
    ["POST", "/oauth2/token", { kind: "token" }],
    ["GET", "/oauth2/token", { kind: "unknown" }],
    ["post", "/api/v1/api_keys/verify", { kind: "verify" }],
    ["GET", "/api/v1/api_keys/", { kind: "list" }],
    ["POST", "/api/v1/api_keys", { kind: "create" }],
    ["GET", "/api/v1/api_keys/api_key_1", { kind: "get", id: "api_key_1" }],
    ["PUT", "/api/v1/api_keys/a%20b", { kind: "rotate", id: "a b" }],
    ["DELETE", "/api/v1/api_keys/api_key_1", { kind: "delete", id: "api_key_1" }],
    ["GET", "/api/v1/api_keys/%E0%A4%A", { kind: "unknown-api" }],
    ["PATCH", "/api/v1/api_keys/api_key_1", { kind: "unknown-api" }],
    ["GET", "/api/v1/users", { kind: "unknown-api" }],
    ["GET", "/apis", { kind: "unknown" }],
    ["GET", "/", { kind: "unknown" }],
  ])("routes %s %s", (method, path, route) => {
    expect(matchRoute(method, path)).toEqual(route);
  });
});

describe("countedCall and faultGroup", () => {
  it("puts management calls in one fault group and unknown routes in none", () => {
    expect(faultGroup({ kind: "rotate", id: "x" })).toBe("management");
    expect(faultGroup({ kind: "verify" })).toBe("verify");
    expect(faultGroup({ kind: "unknown-api" })).toBe("other");
    expect(countedCall({ kind: "unknown" })).toBeUndefined();
    expect(countedCall({ kind: "delete", id: "x" })).toBe("delete");
  });
});
