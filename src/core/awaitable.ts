/** A value or a promise of it; hooks may be synchronous or asynchronous. */
export type Awaitable<T> = T | Promise<T>;
