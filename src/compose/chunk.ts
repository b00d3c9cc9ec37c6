// The compose chunk (dist/chunks/compose.js): compose commands over the compose/ loader.
export {};
