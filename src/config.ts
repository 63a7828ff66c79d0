// The `baton/config` entry: what a config file needs, and nothing that is slow to load.
export { defineConfig, type UserConfig } from './core/config/schema.js';
