declare const __ISH_MONITOR_VERSION__: string | undefined;

/** The tool's version, injected by the build (package.json); "dev" when run from source. */
export const toolVersion: string = typeof __ISH_MONITOR_VERSION__ === 'string' ? __ISH_MONITOR_VERSION__ : 'dev';
