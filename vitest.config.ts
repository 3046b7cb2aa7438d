import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    // Property tests run hundreds of simulations; on a shared 2-core machine they need more than the default 5 s.
    testTimeout: 60_000,
    // A stylesheet imported as text (`?raw`: src/worker/firstFrame.ts) is its text here too; every other
    // stylesheet stays out of the tests, as by default.
    css: { include: [/\.css\?raw$/] },
  },
});
