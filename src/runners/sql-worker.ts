// Placeholder: the SQL worker process (PGlite) lands with the SQL engine.
export {};
