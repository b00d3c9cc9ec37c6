// The container chunk (dist/chunks/container.js): what container commands run.
export {};
