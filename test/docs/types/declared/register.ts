/**
 * The app's scope declaration for this compilation: everything in this folder is compiled with it,
 * as an app's files would be. (A declaration holds for a whole program, so the tests without one
 * live in `../undeclared`.)
 */
declare module "@acme/kinde-keys-core" {
  interface Register {
    scopes: "read:ai_chats" | "write:ai_chat";
  }
}

export {};
