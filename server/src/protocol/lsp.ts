// Custom LSP messages between the extension and the language server, declared once for both sides.

/** Server → client: is a token available for `${env:NAME}`? Answered with booleans only, never the value. */
export const TOKEN_STATUS_REQUEST = 'backbone/tokenStatus';

export interface TokenStatusParams {
  name: string;
}

export interface TokenStatusResult {
  inEnvironment: boolean;
  inSecretStorage: boolean;
}

/** The options the client passes in `initializationOptions` (and as the `backbone` settings section). */
export interface ServerSettings {
  /** Debounce of validation after a change, in milliseconds. */
  validationDelay: number;
  /** The state directory (metadata snapshots); undefined for the per-OS default. */
  stateDirectory?: string;
}

export const DEFAULT_SETTINGS: ServerSettings = { validationDelay: 200 };
