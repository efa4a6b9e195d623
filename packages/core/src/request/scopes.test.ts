/** `checkScopes` on its own: exact, case-sensitive names; `all` by default, or `any`. */
import { describe, expect, it } from "vitest";
import { checkScopes } from "./scopes.ts";

const key = { scopes: ["read:ai_chats", "write:ai_chat"] };

describe("checkScopes", () => {
  it("passes an empty requirement, even for a key with no scopes", () => {
    expect(checkScopes({ scopes: [] }, [])).toEqual({ ok: true });
    expect(checkScopes({ scopes: [] }, [], { mode: "any" })).toEqual({ ok: true });
  });

  it("mode all (the default) needs every scope and lists the missing ones in order", () => {
    expect(checkScopes(key, ["read:ai_chats", "write:ai_chat"])).toEqual({ ok: true });
    expect(checkScopes(key, ["admin", "read:ai_chats", "delete:all"])).toEqual({
      ok: false,
      missing: ["admin", "delete:all"],
    });
    expect(checkScopes(key, ["admin"], { mode: "all" })).toEqual({ ok: false, missing: ["admin"] });
  });

  it("mode any needs one scope; when none is held, all are missing", () => {
    expect(checkScopes(key, ["admin", "write:ai_chat"], { mode: "any" })).toEqual({ ok: true });
    expect(checkScopes(key, ["admin", "delete:all"], { mode: "any" })).toEqual({
      ok: false,
      missing: ["admin", "delete:all"],
    });
  });

  it("compares names exactly", () => {
    expect(checkScopes(key, ["READ:AI_CHATS"]).ok).toBe(false);
    expect(checkScopes(key, ["read:ai_chat"]).ok).toBe(false);
    expect(checkScopes(key, ["read:ai_chats "]).ok).toBe(false);
  });
});
