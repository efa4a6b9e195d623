/**
 * Time from a revocation on one instance to its refusal on another: what the bench's "revocation
 * across two instances sharing Redis" figure measures, and what the fleet tests use to show that a
 * revocation is seen at once rather than after a TTL.
 */

/** How to revoke, and how to ask the other instance whether the key is now refused. */
export interface RevocationProbe {
  /** Revokes the key on instance A, e.g. `() => createKeyManager(a).delete(id)`. */
  revoke(): Promise<unknown>;
  /** Whether instance B now refuses the key, e.g. `async () => !(await b.verify(key)).valid`. */
  refused(): Promise<boolean>;
  /** Gives up after this long, in ms. @default 60000 */
  timeoutMs?: number;
}

/**
 * Milliseconds from the start of `revoke()` until `refused()` first answers true (asked right after
 * the revocation resolves, then in a tight loop yielding to the event loop between attempts).
 *
 * @throws {Error} when the key is still accepted after `timeoutMs`
 */
export async function revocationLag(probe: RevocationProbe): Promise<number> {
  const timeoutMs = probe.timeoutMs ?? 60_000;
  const started = performance.now();
  await probe.revoke();
  while (!(await probe.refused())) {
    if (performance.now() - started > timeoutMs) {
      throw new Error(`the key was still accepted ${timeoutMs} ms after its revocation`);
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  return performance.now() - started;
}
