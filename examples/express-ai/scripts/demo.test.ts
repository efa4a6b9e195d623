/**
 * The demo is part of the example's tests, so `pnpm demo` cannot rot: it must run end to end,
 * get every expected status, and cover 200, 401, 403 and 429.
 */
import { expect, it } from "vitest";
import { runDemo } from "./demo.ts";

// An end-to-end run (two servers, 18 requests): generous under a loaded CI machine.
it("runs the tour and sees every expected answer", { timeout: 30_000 }, async () => {
  const lines: string[] = [];
  const result = await runDemo({ out: (line) => lines.push(line) });
  expect(result.ok).toBe(true);
  const statuses = new Set(result.rows.map((row) => row.status));
  for (const status of [200, 401, 403, 429]) expect(statuses).toContain(status);
  const output = lines.join("\n");
  expect(output).toContain("what the handler saw");
  expect(output).toContain("Demo OK");
  expect(output).toMatch(/Usage per organization[\s\S]*org_acme\s+\/ai\/support\s+\d+/);
  expect(output).toMatch(/org_globex\s+\/ai\/support\s+\d+/);
  // Every row explains itself in one sentence, the words are explained, and the tour says where next.
  for (const row of result.rows) {
    expect(row.why).toMatch(/^[A-Z].+\.$/);
    expect(output).toContain(`↳ ${row.why}`);
  }
  for (const word of ["owner", "organization", "environment", "tenant"]) {
    expect(output).toMatch(new RegExp(`^  ${word} +\\S`, "m"));
  }
  expect(output).toContain("pnpm demo --serve");
  expect(output).toContain("examples/express-ai/src/app.ts");
  expect(output).toContain("docs/kinde-setup.md");
  expect(output).not.toMatch(/k_live_[0-9a-f]{32}/);
});

it("in serve mode prints curl lines with the keys and leaves the servers running", async () => {
  const lines: string[] = [];
  const result = await runDemo({ serve: true, out: (line) => lines.push(line), logger: {} });
  try {
    const curl = lines.find(
      (line) => line.startsWith("curl -s -X POST") && line.includes("/ai/support"),
    );
    expect(curl).toMatch(/Bearer k_live_[0-9a-f]{32}/);
    const response = await fetch(`${result.stack?.appUrl}/health`);
    expect(response.status).toBe(200);
  } finally {
    await result.stack?.close();
  }
});
