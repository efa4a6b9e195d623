/**
 * @module management/schemas
 * What the answers of Kinde's API-key management calls must look like (`create_api_key_response`,
 * `rotate_api_key_response`, `get_api_key_response`, `get_api_keys_response` in Kinde's management
 * spec), with `zod/mini`, and their camelCase form. Tolerant as with verify: unknown fields are
 * ignored, optional fields may be `null` or absent, and timestamps may use Kinde's documented
 * non-ISO offset (`2024-11-18T13:32:03+11`). Strict where a caller acts on the value: an id and a
 * secret must be non-empty strings, scopes strings.
 */
import * as z from "zod/mini";
import { unusableAnswer } from "../kinde/failures.ts";
import {
  countOrNull,
  nonEmpty,
  normaliseTimestamp,
  optionalString,
  optionalStringList,
} from "../kinde/fields.ts";

import type { KeyStatus } from "../types.ts";

/**
 * A string a caller acts on (an id, a secret): present and non-empty. Kept here, not in the shared
 * field readers: zod's length checks would add ~0.4 KiB gzip to every edge bundle that verifies.
 */
const requiredString = z.string().check(z.minLength(1));

/** Who a key is for, as Kinde's `type` field names it. */
export type ApiKeyType = "organization" | "user" | "environment";

/**
 * A value from a set Kinde may extend: the known values autocomplete, and an unknown one still
 * type-checks (and is passed through) instead of failing the whole answer.
 */
export type OpenUnion<Known extends string> = Known | (string & Record<never, never>);

/** A key as the management API describes it. Never contains the secret. */
export interface ApiKeyInfo {
  /** Kinde's id of the key (`api_key_…`); stable across rotations. */
  readonly id: string;
  /** Display name, or `null` if Kinde sent none. */
  readonly name: string | null;
  /** Who the key is for, or `null` if Kinde sent none. */
  readonly type: OpenUnion<ApiKeyType> | null;
  /** Lifecycle state; only `active` keys verify as valid. `null` if Kinde sent none. */
  readonly status: OpenUnion<KeyStatus> | null;
  /** The first characters of the secret, as Kinde's dashboard shows them (e.g. `k_live`). */
  readonly keyPrefix: string | null;
  /** The last 4 characters of the secret. */
  readonly keySuffix: string | null;
  /** When the key was created, as ISO 8601, or `null` if unknown. */
  readonly createdOn: string | null;
  /** When Kinde last verified the key, as ISO 8601, or `null` if never or unknown. */
  readonly lastVerifiedOn: string | null;
  /** Scopes granted to the key (fixed at creation). */
  readonly scopes: readonly string[];
  /** How many times Kinde has verified the key, or `null` if unknown. */
  readonly verificationCount: number | null;
  /** The key's organization code, or `null` for user and environment keys. */
  readonly orgCode: string | null;
  /** The key's user id (`kp_…`), or `null` for organization and environment keys. */
  readonly userId: string | null;
  /** The APIs the key belongs to. */
  readonly apiIds: readonly string[];
  /** The IP address Kinde last verified the key from, or `null` if never or unknown. */
  readonly lastVerifiedIp: string | null;
  /** Who created the key, as Kinde reports it, or `null` if unknown. */
  readonly createdBy: string | null;
}

/** A key's id and its secret: what `create` and `rotate` return, the only time Kinde shows the secret. */
export interface IssuedApiKey {
  /** Kinde's id of the key (`api_key_…`); safe to log and store. */
  readonly id: string;
  /** The secret. Shown once: hand it to its owner, never log or persist it. */
  readonly key: string;
}

/** `api_key` in the create and rotate answers. */
export const issuedKeyResponseSchema = z.object({
  code: optionalString,
  message: optionalString,
  api_key: z.object({
    id: requiredString,
    key: requiredString,
  }),
});

/** One key in the get and list answers. */
export const apiKeySchema = z.object({
  id: requiredString,
  name: optionalString,
  type: optionalString,
  status: optionalString,
  key_prefix: optionalString,
  key_suffix: optionalString,
  created_on: z.optional(z.unknown()),
  last_verified_on: z.optional(z.unknown()),
  last_verified_ip: optionalString,
  created_by: optionalString,
  api_ids: optionalStringList,
  scopes: optionalStringList,
  verification_count: z.optional(z.unknown()),
  // The get answer names the organization `organization_id`; verify names it `org_code`.
  organization_id: optionalString,
  org_code: optionalString,
  user_id: optionalString,
});

/** `GET /api/v1/api_keys/{key_id}` 200 body. */
export const getKeyResponseSchema = z.object({
  code: optionalString,
  message: optionalString,
  api_key: apiKeySchema,
});

/** `GET /api/v1/api_keys` 200 body. */
export const listKeysResponseSchema = z.object({
  code: optionalString,
  message: optionalString,
  has_more: z.optional(z.nullable(z.boolean())),
  api_keys: z.optional(z.nullable(z.array(apiKeySchema))),
});

/** `GET /api/v1/apis/{api_id}/scopes` 200 body (`get_api_scopes_response`): ids and names (`key`). */
export const apiScopesResponseSchema = z.object({
  code: optionalString,
  message: optionalString,
  scopes: z.optional(z.nullable(z.array(z.object({ id: requiredString, key: requiredString })))),
});

/** The camelCase form of one key from a get or list answer. */
export function toApiKeyInfo(raw: z.infer<typeof apiKeySchema>): ApiKeyInfo {
  return {
    id: raw.id,
    name: raw.name ?? null,
    type: nonEmpty(raw.type),
    status: nonEmpty(raw.status),
    keyPrefix: nonEmpty(raw.key_prefix),
    keySuffix: nonEmpty(raw.key_suffix),
    createdOn: normaliseTimestamp(raw.created_on),
    lastVerifiedOn: normaliseTimestamp(raw.last_verified_on),
    scopes: raw.scopes ?? [],
    verificationCount: countOrNull(raw.verification_count),
    orgCode: nonEmpty(raw.org_code) ?? nonEmpty(raw.organization_id),
    userId: nonEmpty(raw.user_id),
    apiIds: raw.api_ids ?? [],
    lastVerifiedIp: nonEmpty(raw.last_verified_ip),
    createdBy: nonEmpty(raw.created_by),
  };
}

/**
 * Checks a body against `schema`.
 * @throws {KindeKeysError} `KINDE_BAD_RESPONSE` naming the call, never echoing the body (a create
 * or rotate answer holds a secret).
 */
export function parseAnswer<T>(
  schema: z.ZodMiniType<T>,
  body: unknown,
  what: string,
  status: number,
): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success)
    throw unusableAnswer(what, "the answer does not match Kinde's schema.", status);
  return parsed.data;
}
