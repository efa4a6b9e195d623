/**
 * Reading Kinde's error bodies in each shape it uses, and refusing to read anything else.
 */
import { describe, expect, it } from "vitest";
import { readErrorBody } from "./error-body.ts";

describe("readErrorBody", () => {
  it("reads the API's array shape, in order", () => {
    const body = {
      errors: [
        { code: "INVALID_API_ID", message: "No API with id api_nope" },
        { code: "SECOND", message: null },
      ],
    };
    expect(readErrorBody(body)).toEqual({
      shape: "array",
      entries: [
        { code: "INVALID_API_ID", message: "No API with id api_nope" },
        { code: "SECOND", message: null },
      ],
    });
  });

  it("reads the object shape some routes send", () => {
    const body = {
      errors: { code: "ROUTE_NOT_FOUND", message: "The requested route was not found" },
    };
    expect(readErrorBody(body)).toEqual({
      shape: "object",
      entries: [{ code: "ROUTE_NOT_FOUND", message: "The requested route was not found" }],
    });
  });

  it("reads OAuth's error and description (RFC 6749 §5.2)", () => {
    expect(readErrorBody({ error: "invalid_client", error_description: "Bad secret" })).toEqual({
      shape: "oauth",
      entries: [{ code: "invalid_client", message: "Bad secret" }],
    });
  });

  it("keeps the array shape for an empty list", () => {
    expect(readErrorBody({ errors: [] })).toEqual({ shape: "array", entries: [] });
  });

  it.each([
    ["no body", undefined],
    ["a string", "oops"],
    ["an array", [{ code: "X" }]],
    ["unrelated JSON", { message: "hello" }],
    ["a code that is not a string", { errors: [{ code: 7 }] }],
    ["errors as a string", { errors: "X" }],
  ])("reads nothing from %s", (_, body) => {
    expect(readErrorBody(body)).toEqual({ shape: "none", entries: [] });
  });
});
