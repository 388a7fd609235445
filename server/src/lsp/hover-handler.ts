// textDocument/hover → language/hover.ts. The token status of `${env:NAME}` is asked from the client
// (`backbone/tokenStatus`); without an answer within a second the hover says "unknown".
import { TOKEN_STATUS_REQUEST } from '../protocol/lsp';
import type { TokenStatusParams, TokenStatusResult } from '../protocol/lsp';
import { hover } from '../language/hover';
import { metadataCatalogue } from '../language/metadata-catalogue';
import type { HandlerContext } from './features';

const TOKEN_STATUS_TIMEOUT_MS = 1_000;

function isTokenStatus(value: unknown): value is TokenStatusResult {
  const v = value as Partial<TokenStatusResult> | null;
  return !!v && typeof v.inEnvironment === 'boolean' && typeof v.inSecretStorage === 'boolean';
}

export function registerHover(context: HandlerContext): void {
  const tokenStatus = async (name: string): Promise<TokenStatusResult | undefined> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), TOKEN_STATUS_TIMEOUT_MS);
    });
    const params: TokenStatusParams = { name };
    const asked = context.connection
      .sendRequest<unknown>(TOKEN_STATUS_REQUEST, params)
      .then((answer) =>
        isTokenStatus(answer)
          ? { inEnvironment: answer.inEnvironment, inSecretStorage: answer.inSecretStorage }
          : undefined,
      )
      .catch(() => undefined);
    try {
      return await Promise.race([asked, timeout]);
    } finally {
      clearTimeout(timer);
    }
  };
  context.connection.onHover(async (params) => {
    const document = context.documents.get(params.textDocument.uri);
    if (!document) return null;
    const text = context.textOf(document);
    return hover(text, params.position, {
      catalogue: metadataCatalogue(text, context.settings().stateDirectory),
      tokenStatus,
      doc: () => context.cache.get(document),
      context: { stateDir: context.settings().stateDirectory },
    });
  });
}
