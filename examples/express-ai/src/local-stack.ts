/**
 * @module local-stack
 * The fake Kinde and this app, each on a free loopback port, wired together: what the demo and the
 * tests run against. Requests travel over real HTTP, so the whole path (middleware, verify call,
 * token, management API) is the one a deployment uses; only Kinde is a fake.
 */
import type { AddressInfo } from "node:net";
import { createKindeKeys, type KindeKeys } from "@acme/kinde-keys-core";
import { type RunningFakeKinde, startFakeKinde } from "@acme/kinde-keys-testing";
import { type AIScope, type AppOptions, createApp } from "./app.ts";

/** A running fake Kinde plus one or more apps pointed at it. */
export interface LocalStack {
  /** The fake Kinde server (`kinde.url`, `kinde.fake` to add keys or inject faults). */
  readonly kinde: RunningFakeKinde;
  /** The client the apps verify with. */
  readonly client: KindeKeys<AIScope>;
  /** Base URL of the first app, e.g. `http://127.0.0.1:54321`. */
  readonly appUrl: string;
  /** Starts another app on the same fake and client (e.g. with another provider); returns its URL. */
  startApp(options?: Omit<AppOptions, "kinde">): Promise<string>;
  /** Stops every app and the fake. */
  close(): Promise<void>;
}

/** Starts the fake Kinde and the app on `127.0.0.1`, free ports. */
export async function startLocalStack(
  options: Omit<AppOptions, "kinde"> = {},
): Promise<LocalStack> {
  const kinde = await startFakeKinde();
  const client = createKindeKeys<AIScope>(
    kinde.fake.clientConfig({ env: {}, logger: options.logger }),
  );
  const closers: (() => Promise<void>)[] = [];

  async function startApp(appOptions: Omit<AppOptions, "kinde"> = {}): Promise<string> {
    const server = createApp({ ...appOptions, kinde: client }).listen(0, "127.0.0.1");
    await new Promise<void>((resolve, reject) => {
      server.once("listening", resolve).once("error", reject);
    });
    closers.push(
      () =>
        new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        }),
    );
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  const appUrl = await startApp(options);
  return {
    kinde,
    client,
    appUrl,
    startApp,
    async close() {
      await Promise.all(closers.map((close) => close()));
      await kinde.close();
    },
  };
}
