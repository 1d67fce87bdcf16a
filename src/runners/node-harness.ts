// Placeholder until the engine lands: the child process entry for JavaScript/TypeScript runs.
process.exitCode = 1;
