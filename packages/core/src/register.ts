/**
 * @module register
 * Where an app declares its scope names once, for the whole program, by module augmentation (as
 * TanStack Router and Query do with their `Register`): every place that takes scope names
 * (`createKindeKeys`, route options, `requireScopes`, `AIApplication`) then refuses a name outside
 * the union at compile time, with no type argument at any call.
 */

/**
 * Declarations the app adds to the library's types. Empty here; an app fills it in:
 *
 * @example
 * ```ts
 * declare module "@acme/kinde-keys-core" {
 *   interface Register {
 *     scopes: "read:ai_chats" | "write:ai_chat";
 *   }
 * }
 * ```
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by the app through declaration merging
export interface Register {}

/**
 * The app's scope names: the union declared in {@link Register}, or `string` where none is.
 */
export type RegisteredScope = Register extends { scopes: infer Scope extends string }
  ? Scope
  : string;
