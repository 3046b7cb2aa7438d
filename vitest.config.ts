import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    // Property tests run hundreds of simulations; on a shared 2-core machine they need more than the default 5 s.
    testTimeout: 60_000,
  },
});
