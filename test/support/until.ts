/**
 * Polls until `check` holds, and fails after `ms` naming what was awaited: a test waits for exactly
 * what it then asserts, never for a quiet moment.
 */
export async function until(check: () => boolean | Promise<boolean>, ms = 10_000, what = 'the awaited condition'): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
