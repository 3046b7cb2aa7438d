// Types for scripts/chromium-path.mjs (plain Node ESM, so that `node` can run it without a compiler).

export declare const SYSTEM_CHROMIUM: string;

/** Launch arguments known to work with Debian's Chromium in containers (see TOOLCHAIN.md). */
export declare const CHROMIUM_ARGS: readonly string[];

export interface FoundChromium {
  path: string;
  source: 'CHROMIUM_PATH' | 'system' | 'playwright';
}

export declare function isExecutable(file: string | undefined): boolean;

export declare function playwrightChromiumPath(): string | undefined;

export declare function findChromium(options?: {
  env?: Record<string, string | undefined>;
  warn?: (message: string) => void;
}): FoundChromium | undefined;
