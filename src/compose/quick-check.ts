/**
 * A fast yes/no check of a compose document against the schema, or undefined when there is none.
 * From source (tests, tsc) there is none and validation compiles the schema with ajv at run time;
 * the bundle replaces this module with ajv's standalone code compiled from the same schema at
 * build time (scripts/build.mjs), so a valid file costs no schema compilation at start-up.
 * Errors are always explained by the run-time validator, which keeps the schema's descriptions.
 */
export const quickCheck: ((value: unknown) => boolean) | undefined = undefined;
