// Quick fixes for the personal-data diagnostics: remove the mapping, switch `personalData.exchange` on
// deliberately (with a comment recording the decision), or map a user copied as text to the user field.
import { isMap, isScalar } from 'yaml';
import type { Node, Pair, YAMLMap } from 'yaml';
import { CodeActionKind } from 'vscode-languageserver-types';
import type { CodeAction, TextEdit } from 'vscode-languageserver-types';
import type { ConfigDiagnostic } from '../config/diagnostic';
import type { ConfigDocument } from '../config/document';
import { columnOf, edit, indentUnit, lineStart, nextLineStart, removePairEdit } from './text-edits';

/** The comment written above `exchange: true`: the file records that the switch was a decision. */
export const EXCHANGE_DECISION_COMMENT =
  '# Deliberate decision: this sync exchanges personal data (user fields). The engine stores account IDs only; see docs/personal-data.md.';

function action(title: string, diagnostic: ConfigDiagnostic, uri: string, edits: TextEdit[]): CodeAction {
  return {
    title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    edit: { changes: { [uri]: edits } },
  };
}

/** Inserts `exchange: true` into an existing `personalData` pair. */
function exchangeIntoExisting(doc: ConfigDocument, pair: Pair): TextEdit[] {
  const text = doc.text;
  const key = pair.key as Node;
  const value = pair.value as Node | null;
  const keyColumn = columnOf(doc, key);
  const pad = (n: number): string => ' '.repeat(n);
  if (isMap(value)) {
    const map = value as YAMLMap;
    const exchange = map.items.find((p) => isScalar(p.key) && p.key.value === 'exchange');
    if (!map.flow && map.items[0]?.key) {
      const target = (exchange?.key ?? map.items[0].key) as Node;
      const column = columnOf(doc, target);
      const at = lineStart(text, target.range?.[0] ?? 0);
      const comment = edit(doc, at, at, `${pad(column)}${EXCHANGE_DECISION_COMMENT}\n`);
      const exchangeValue = exchange?.value as Node | null | undefined;
      if (exchange && exchangeValue?.range) {
        return [comment, edit(doc, exchangeValue.range[0], exchangeValue.range[1], 'true')];
      }
      if (exchange) {
        const end = (exchange.key as Node).range?.[1] ?? at;
        return [comment, edit(doc, end, nextLineStart(text, end) - 1, ': true')];
      }
      return [
        edit(doc, at, at, `${pad(column)}${EXCHANGE_DECISION_COMMENT}\n${pad(column)}exchange: true\n`),
      ];
    }
    // Flow style `{ users: email }`: the comment goes above the `personalData` line.
    const at = lineStart(text, key.range?.[0] ?? 0);
    const comment = edit(doc, at, at, `${pad(keyColumn)}${EXCHANGE_DECISION_COMMENT}\n`);
    const exchangeValue = exchange?.value as Node | null | undefined;
    if (exchangeValue?.range)
      return [comment, edit(doc, exchangeValue.range[0], exchangeValue.range[1], 'true')];
    const open = (value.range?.[0] ?? 0) + 1;
    const insert = map.items.length > 0 ? ' exchange: true,' : ' exchange: true ';
    return [comment, edit(doc, open, open, insert)];
  }
  // `personalData:` with no value (or a scalar): give it a block with the switch.
  const child = pad(keyColumn + indentUnit(doc));
  const keyEnd = key.range?.[1] ?? 0;
  const colon = text.indexOf(':', keyEnd);
  const end = value?.range ? value.range[1] : colon + 1;
  return [edit(doc, colon, end, `:\n${child}${EXCHANGE_DECISION_COMMENT}\n${child}exchange: true`)];
}

/** The edits that set `personalData.exchange: true`, creating the block when it is absent. */
export function enableExchangeEdits(doc: ConfigDocument): TextEdit[] {
  const root = doc.root;
  if (!isMap(root) || root.flow) return [];
  const existing = doc.pairOf(root, 'personalData');
  if (existing) return exchangeIntoExisting(doc, existing);
  const text = doc.text;
  const firstKey = root.items[0]?.key as Node | undefined;
  const pad = ' '.repeat(firstKey ? columnOf(doc, firstKey) : 0);
  const block = `${pad}${EXCHANGE_DECISION_COMMENT}\n${pad}personalData:\n${pad}${' '.repeat(indentUnit(doc))}exchange: true\n`;
  // DESIGN.md §4 order: personalData follows target; else it goes before fields; else at the end.
  const target = doc.pairOf(root, 'target');
  const fields = doc.pairOf(root, 'fields');
  let at: number;
  if (target) {
    const node = (target.value as Node | null) ?? (target.key as Node);
    at = nextLineStart(text, node.range?.[1] ?? 0);
    if (node.range && text[node.range[1] - 1] === '\n') at = node.range[1];
  } else if (fields) {
    at = lineStart(text, (fields.key as Node).range?.[0] ?? 0);
  } else {
    at = text.length;
  }
  const needsBreak = at > 0 && text[at - 1] !== '\n';
  return [edit(doc, at, at, `${needsBreak ? '\n' : ''}${block}`)];
}

/** Replaces a mapping's value with a passthrough to `userTarget`, keeping the key and any comment. */
function mapToUserFieldEdit(
  doc: ConfigDocument,
  sourceField: string,
  userTarget: string,
): TextEdit | undefined {
  const ref = doc.find(['fields', sourceField]);
  const keyEnd = ref?.key?.range?.[1];
  let valueEnd = ref?.value?.range?.[1];
  if (keyEnd === undefined || valueEnd === undefined) return undefined;
  while (valueEnd > keyEnd && /\s/.test(doc.text[valueEnd - 1] ?? '')) valueEnd--; // a block value ends after its line break
  return edit(doc, keyEnd, valueEnd, `: ${userTarget}`);
}

/** The code actions for one personal-data diagnostic; [] for any other code. */
export function personalDataCodeActions(
  doc: ConfigDocument,
  diagnostic: ConfigDiagnostic,
  uri: string,
): CodeAction[] {
  const data = diagnostic.data ?? {};
  const path = data.path;
  const sourceField = typeof data.sourceField === 'string' ? data.sourceField : undefined;
  const actions: CodeAction[] = [];
  const removal = (): void => {
    if (!path || path[0] !== 'fields' || !sourceField) return;
    const remove = removePairEdit(doc, path);
    if (remove) actions.push(action(`Remove the mapping of \`${sourceField}\``, diagnostic, uri, [remove]));
  };
  switch (diagnostic.code) {
    case 'personal-data-field': {
      removal();
      if (diagnostic.severity === 1) {
        const edits = enableExchangeEdits(doc);
        if (edits.length) {
          actions.push(
            action(
              'Allow personal data: set `personalData.exchange: true` (a deliberate decision)',
              diagnostic,
              uri,
              edits,
            ),
          );
        }
      }
      break;
    }
    case 'personal-data-as-text': {
      const userTarget = typeof data.userTarget === 'string' ? data.userTarget : sourceField;
      const replace =
        sourceField && userTarget ? mapToUserFieldEdit(doc, sourceField, userTarget) : undefined;
      if (replace && sourceField) {
        const fix = action(
          `Map \`${sourceField}\` to the user field \`${userTarget}\` instead of text`,
          diagnostic,
          uri,
          [replace],
        );
        fix.isPreferred = true;
        actions.push(fix);
      }
      removal();
      break;
    }
    case 'personal-data-uncontrolled-target':
      removal();
      break;
    default:
      break;
  }
  return actions;
}
