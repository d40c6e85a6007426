/**
 * Preloaded (`--import`) into each shard of test/run-suite.ts, before node:test loads: node:test finds the test
 * that async work belongs to through an AsyncLocalStorage instead of an async hook.
 *
 * Why: node:test (Node 24) tracks which test every async resource belongs to with an `init` + `destroy` async
 * hook, to declare nested tests under the test that is running and to blame an uncaught exception on its test.
 * That hook turns on V8's promise hooks, so every promise the tests, the twin and Azurite make calls into
 * JavaScript twice and registers a weak callback: about an eighth of a shard's CPU. An AsyncLocalStorage
 * (Node 24 carries it in the async context frame, without hooks) answers the same question for free.
 *
 * How: node:test's harness takes `createHook` and `executionAsyncId` from the public node:async_hooks module
 * when it loads. This module swaps both in first, then imports node:test and puts `executionAsyncId` back:
 * - the harness's `createHook` call is kept from being enabled, and its `init` callback kept;
 * - `AsyncResource.prototype.runInAsyncScope`, which runs every test, hook and suite body, runs the callback
 *   with the resource's async id as the store, after calling that `init` once per resource, as the hook would
 *   have when the resource was made, so the harness maps the id to its test;
 * - the harness's `executionAsyncId` answers with the store.
 * Nothing else changes: tests still nest, and a late throw or unhandled rejection still fails the test it came
 * from. If a later Node stops taking these from node:async_hooks, the harness keeps its own hook and this is a
 * no-op; test/run-suite.ts fails the run if a test file's suite is ever nested in another one.
 */
import asyncHooks, { AsyncLocalStorage, AsyncResource, type HookCallbacks } from "node:async_hooks";

type Init = NonNullable<HookCallbacks["init"]>;

const scope = new AsyncLocalStorage<number>();
const realCreateHook = asyncHooks.createHook;
const realExecutionAsyncId = asyncHooks.executionAsyncId;
const realRunInAsyncScope = AsyncResource.prototype.runInAsyncScope;
const initialized = new WeakSet<AsyncResource>();
let harnessInit: Init | undefined;

const inertHook: asyncHooks.AsyncHook = {
  enable() {
    return this;
  },
  disable() {
    return this;
  },
};

asyncHooks.createHook = (callbacks: HookCallbacks): asyncHooks.AsyncHook => {
  if (
    harnessInit === undefined &&
    callbacks.init &&
    new Error().stack?.includes("internal/test_runner/harness")
  ) {
    harnessInit = callbacks.init;
    asyncHooks.createHook = realCreateHook;
    return inertHook;
  }
  return realCreateHook(callbacks);
};
asyncHooks.executionAsyncId = () => scope.getStore() ?? realExecutionAsyncId();

AsyncResource.prototype.runInAsyncScope = function runInAsyncScope<This, Result>(
  this: AsyncResource,
  fn: (this: This, ...args: unknown[]) => Result,
  thisArg?: This,
  ...args: unknown[]
): Result {
  const id = this.asyncId();
  if (!initialized.has(this)) {
    initialized.add(this);
    harnessInit?.(id, "", scope.getStore() ?? realExecutionAsyncId(), this);
  }
  return realRunInAsyncScope.call(
    this,
    function (this: unknown, ...fnArgs: unknown[]) {
      return scope.run(id, () => fn.apply(this as This, fnArgs));
    },
    thisArg,
    ...args,
  ) as Result;
};

await import("node:test");
asyncHooks.executionAsyncId = realExecutionAsyncId;
