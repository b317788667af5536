// Runs the real `vigil` binary in a child process, as a user would.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const VIGIL_BIN = fileURLToPath(new URL('../../bin/vigil.mjs', import.meta.url));

/** The environment a child gets: PATH and HOME only, plus `extra`, so the developer's env cannot leak in. */
export function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, ...extra };
}

/** Runs `vigil args...` to completion. */
export function runVigil(
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd?: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return runNode([VIGIL_BIN, ...args], env, cwd);
}

/** Runs `node args...` to completion (a script of the tests in a process of its own). */
export function runNode(
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd?: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { env, cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A running `vigil start`: its process, its log lines so far, and helpers to wait on them. */
export interface RunningVigil {
  child: ChildProcess;
  lines: Array<Record<string, unknown>>;
  waitForLog(msg: string, timeoutMs?: number): Promise<Record<string, unknown>>;
  exited: Promise<number | null>;
}

/** Starts `vigil start` and parses its JSON log lines as they arrive. */
export function startVigil(env: NodeJS.ProcessEnv): RunningVigil {
  const child = spawn(process.execPath, [VIGIL_BIN, 'start'], { env });
  const lines: Array<Record<string, unknown>> = [];
  let buffer = '';
  child.stdout!.on('data', (d) => {
    buffer += d;
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      try {
        lines.push(JSON.parse(line));
      } catch {
        lines.push({ msg: line });
      }
    }
  });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return {
    child,
    lines,
    exited,
    async waitForLog(msg, timeoutMs = 90_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const found = lines.find((l) => l.msg === msg);
        if (found) return found;
        if (child.exitCode !== null)
          throw new Error(
            `vigil exited (${child.exitCode}) before logging "${msg}": ${stderr}\n${JSON.stringify(lines)}`,
          );
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`timed out waiting for "${msg}"; log so far: ${JSON.stringify(lines)} ${stderr}`);
    },
  };
}
