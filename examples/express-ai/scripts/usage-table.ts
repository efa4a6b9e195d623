/**
 * @module usage-table
 * The end of the demo: usage per organization, read back through the app's admin route
 * (`GET /admin/usage`, scope `admin:usage`) with an admin key made for it, printed as a table.
 */
import type { UsageRow } from "@acme/kinde-keys-core";
import { createKeyManager } from "@acme/kinde-keys-core/management";
import type { LocalStack } from "../src/local-stack.ts";

/** The organizations the demo's keys belong to. */
const ORGS = ["org_acme", "org_globex"] as const;

/**
 * Reads today's usage of each demo organization from the admin route and prints one table.
 * Resolves to the rows, so the demo can check them.
 */
export async function printUsage(
  stack: LocalStack,
  out: (line: string) => void,
): Promise<UsageRow[]> {
  const { key } = await createKeyManager(stack.client).create({
    name: "Usage admin",
    apiId: "api_demo",
    scopeIds: ["admin:usage"],
    environment: true,
  });
  const rows: UsageRow[] = [];
  for (const org of ORGS) {
    const response = await fetch(`${stack.appUrl}/admin/usage?org=${org}`, {
      headers: { authorization: `Bearer ${key}` },
    });
    if (response.status !== 200) throw new Error(`GET /admin/usage answered ${response.status}`);
    rows.push(...((await response.json()) as { rows: UsageRow[] }).rows);
  }
  out("Usage per organization today (GET /admin/usage, scope admin:usage):");
  const header = ["org", "route", "requests", "refused", "AI calls", "chars in", "chars out"];
  const cells = rows.map((row) => [
    row.ownerId,
    row.route,
    ...[row.requests, row.refused, row.aiRequests, row.inputChars, row.outputChars].map(String),
  ]);
  const widths = header.map((_, i) =>
    Math.max(...[header, ...cells].map((r) => r[i]?.length ?? 0)),
  );
  for (const line of [header, ...cells])
    out(
      `  ${line
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join("  ")
        .trimEnd()}`,
    );
  out("");
  return rows;
}
