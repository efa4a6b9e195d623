/**
 * @module errors
 * The one error the fake raises on purpose: a simulated connection reset. `fake.fetch()` rejects
 * with it when a `{ type: "reset" }` fault fires; the MSW handlers turn it into
 * `HttpResponse.error()` and the loopback server into a TCP reset, so every transport shows the
 * client the same failure a dropped connection to Kinde would.
 */

const NAME = "FakeConnectionResetError";

/**
 * Rejection of `fake.fetch()` when a `{ type: "reset" }` fault fires.
 *
 * It extends `TypeError` because that is what the platform `fetch` rejects with on a network
 * failure (`TypeError: fetch failed`), so code that tells network errors from HTTP errors by
 * `instanceof TypeError` treats the fake's reset like a real one. `cause.code` is `"ECONNRESET"`,
 * as in undici's own rejections.
 *
 * @example
 * ```ts
 * fake.inject({ endpoint: "verify", type: "reset", times: 1 });
 * await expect(fake.fetch(request)).rejects.toBeInstanceOf(FakeConnectionResetError);
 * ```
 */
export class FakeConnectionResetError extends TypeError {
  /** Always `"ECONNRESET"`, the code Node reports for a reset socket. */
  readonly code = "ECONNRESET";

  /** @param message - Human-readable detail; the default names the fake as the culprit. */
  constructor(message = "fetch failed: connection reset by fake Kinde (injected fault)") {
    super(message, { cause: Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }) });
    this.name = NAME;
  }
}

/**
 * Whether `error` is a {@link FakeConnectionResetError}.
 *
 * Checks the `name` as well as `instanceof`, so the ESM and the CJS copy of this package (both
 * loaded in one process) still recognise each other's errors.
 *
 * @example
 * ```ts
 * try { await fake.fetch(request) } catch (error) { if (isFakeConnectionResetError(error)) … }
 * ```
 */
export function isFakeConnectionResetError(error: unknown): error is FakeConnectionResetError {
  return (
    error instanceof FakeConnectionResetError || (error instanceof Error && error.name === NAME)
  );
}
