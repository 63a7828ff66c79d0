/** Whether `acquire` is still waiting after `milliseconds`; a waiting one is cancelled. */
export async function waits(
  acquire: (signal: AbortSignal) => Promise<{ release(tokens?: number): void }>,
  milliseconds = 400,
): Promise<boolean> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error('waited')), milliseconds);
  try {
    (await acquire(controller.signal)).release();
    return false;
  } catch (error) {
    if (controller.signal.aborted) return true;
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
