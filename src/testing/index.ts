// The `baton/test` entry: what a user's own tests need to exercise Baton without a hosted model.
export {
  type FakeOpenAIServer,
  type FakeOpenAIServerOptions,
  type FakeRequest,
  startFakeOpenAIServer,
} from './fake-openai-server.js';
export type { FakeProtocol } from './fake-server-protocols.js';
export { type FakeStep, type FakeUsage, fakeResponses } from './fake-server-steps.js';
export { createScriptedProvider, type ScriptedProvider } from './scripted-provider.js';
