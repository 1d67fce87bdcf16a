// Bounds that keep a hostile or broken question file from costing more than a normal one.
// A real question is 1-10 KB with a nesting depth under 10.

/** A question file larger than this is reported and never read. */
export const MAX_FILE_BYTES = 1024 * 1024;

/** Deepest nesting of mappings and lists, checked while parsing and again after aliases expand. */
export const MAX_DEPTH = 64;

/**
 * Most YAML tokens (keys, values, indicators, spaces, line breaks) a file may hold. yaml composes
 * a dense list at ~2-5 µs per token, so this caps a hostile 1 MB file at ~0.3 s instead of ~2 s;
 * a 2 KB question has ~500 tokens, and prose in block scalars (`|`) is one token per value.
 */
export const MAX_TOKENS = 100_000;

/** yaml's guard against "billion laughs": how often an anchor may be expanded. */
export const MAX_ALIAS_COUNT = 100;

/**
 * Budget for the data a file expands to once aliases are resolved, counted as one unit per
 * value plus one per character of every string. Aliases are shared references in memory, but
 * validation, the cache and the panel all walk (and copy) the expanded tree.
 */
export const MAX_EXPANDED_SIZE = 4 * MAX_FILE_BYTES;

/** Problems reported per file; past this the rest are summed up in one line. */
export const MAX_PROBLEMS_PER_FILE = 50;
