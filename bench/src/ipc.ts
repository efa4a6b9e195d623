/**
 * @module ipc
 * A tiny request/answer protocol over a forked child's IPC channel, so the orchestrator can drive
 * the fake Kinde and the app servers that run in their own processes.
 */
import { type ChildProcess, fork } from "node:child_process";

interface Call {
  readonly id: number;
  readonly op: string;
  readonly args: unknown[];
}

interface Answer {
  readonly id: number;
  readonly result?: unknown;
  readonly error?: string;
}

/** A forked child that answers calls. */
export interface Worker {
  /** Calls `op` in the child and resolves with its answer. */
  call<T>(op: string, ...args: unknown[]): Promise<T>;
  /** Kills the child and waits for it to exit. */
  stop(): Promise<void>;
}

/**
 * Forks `script` and waits until it announces it is ready (its first message, which `ready`
 * resolves with).
 */
export async function startWorker<Ready>(
  script: URL,
  args: readonly string[],
  execArgv: readonly string[] = [],
): Promise<{ worker: Worker; ready: Ready }> {
  const child: ChildProcess = fork(script, [...args], {
    execArgv: [...execArgv],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const pending = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (error: Error) => void }
  >();
  let nextId = 1;
  const ready = await new Promise<Ready>((resolve, reject) => {
    child.once("message", (message) => resolve(message as Ready));
    child.once("exit", (code) =>
      reject(new Error(`${script.pathname} exited early (code ${code})`)),
    );
  });
  child.on("message", (message) => {
    const answer = message as Answer;
    const waiter = pending.get(answer.id);
    if (!waiter) return;
    pending.delete(answer.id);
    if (answer.error !== undefined) waiter.reject(new Error(answer.error));
    else waiter.resolve(answer.result);
  });
  const worker: Worker = {
    call<T>(op: string, ...callArgs: unknown[]): Promise<T> {
      const id = nextId++;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
        child.send({ id, op, args: callArgs } satisfies Call);
      });
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill();
      await exited;
    },
  };
  return { worker, ready };
}

/**
 * Child side: announces `ready`, then answers each call with `handlers[op](...args)`. A child
 * whose parent goes away exits too.
 */
export function serveWorker(
  ready: unknown,
  handlers: Record<string, (...args: never[]) => unknown>,
): void {
  const send = process.send?.bind(process);
  if (!send) throw new Error("This script is started by the benchmark (src/run.ts), not directly.");
  process.on("message", async (message) => {
    const { id, op, args } = message as Call;
    try {
      const handler = handlers[op];
      if (!handler) throw new Error(`unknown op ${op}`);
      send({ id, result: await handler(...(args as never[])) } satisfies Answer);
    } catch (error) {
      send({
        id,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      } satisfies Answer);
    }
  });
  process.on("disconnect", () => process.exit(0));
  send(ready);
}
