// The language server's entry point (dist/server.js).
console.error('backbone-sync language server: not yet implemented');
