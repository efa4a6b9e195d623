/**
 * @module @acme/kinde-keys-core/management
 * Managing API keys through Kinde's management API: create, list, read, rotate and delete. A part
 * of its own, so an app that only verifies keys (an edge function, a middleware) never bundles it.
 *
 * @example
 * ```ts
 * import { createKindeKeys } from "@acme/kinde-keys-core";
 * import { createKeyManager } from "@acme/kinde-keys-core/management";
 *
 * const kinde = createKindeKeys();
 * const keys = createKeyManager(kinde);
 * for await (const key of keys.list({ orgCode: "org_acme" })) console.log(key.id, key.status);
 * ```
 */
import type { KindeKeys } from "../client.ts";
import { internalsOf } from "../internals.ts";
import { type ApiKeyManager, createApiKeyManager } from "./keys.ts";

export type { CheckSetupOptions, SetupCheck, SetupReport } from "../doctor/index.ts";
export { checkKindeSetup } from "../doctor/index.ts";
export type {
  ApiKeyManager,
  CreateApiKeyInput,
  KeyRequestOptions,
  ListApiKeysOptions,
  ListableKeyType,
  RolledOverApiKey,
  RolloverOptions,
} from "./keys.ts";
export type { ApiKeyInfo, ApiKeyType, IssuedApiKey } from "./schemas.ts";

/**
 * The key manager of a client: the same M2M token, timeouts, retries and error codes as its
 * `verify`. Each call needs its own M2M scope on the Kinde application (`read:api_keys`,
 * `create:api_keys`, `update:api_keys`, `delete:api_keys`). Cheap: make one per client and keep it.
 *
 * @param kinde a client made by `createKindeKeys`
 * @throws {TypeError} when `kinde` was not made by `createKindeKeys` (e.g. a mock or a spread copy)
 * @example
 * ```ts
 * const keys = createKeyManager(kinde);
 * const { id, key } = await keys.create({ name: "Acme CI", apiId: "api_123", orgCode: "org_acme" });
 * ```
 */
export function createKeyManager(kinde: KindeKeys<string>): ApiKeyManager {
  const internals = internalsOf(kinde, "createKeyManager");
  return createApiKeyManager({
    http: internals.http,
    tokens: internals.tokens,
    invalidateKeyId: (id) => kinde.invalidateKeyId(id),
  });
}
