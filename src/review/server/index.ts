// The review web server: start it on a store and a queue; see server.ts for the request checks.
export { DEFAULT_MAX_BODY, DEFAULT_PORT, DEFAULT_REQUEST_TIMEOUT_MS, startReviewServer, type ReviewServer, type ReviewServerOptions } from './server.ts';
export { isLoopbackHost, MIN_TOKEN_LENGTH, parseTokenFile, SecurityError } from './security.ts';
