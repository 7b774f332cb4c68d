/**
 * `npm run test:e2e`: the real server (offline) driven by Debian's Chromium
 * through playwright-core. Kept apart from `npm test` because it needs the
 * browser and builds the web app first.
 */
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/e2e/**/*.test.ts"],
    globalSetup: ["tests/support/global-setup.ts", "tests/e2e/global-setup.ts"],
    fileParallelism: false,
    testTimeout: 60_000,
    // A loaded 2-core CI box can take seconds to render; the default 1 s poll is too eager.
    expect: { poll: { timeout: 15_000 } },
    hookTimeout: 180_000,
  },
});
