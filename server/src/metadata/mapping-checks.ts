// The checks of each `fields` mapping, in one pass: `field-not-on-screen` (its target is written in the create
// call) and `field-type-mismatch`. A config has thousands of mappings and a keystroke changes one, so a new
// version of a document costs next to nothing for the mappings the edit did not touch:
// - verdicts (and their words) are cached per snapshot version: screens by target field and set of created
//   issue types (screens.ts), types by source field, target and `as` (field-types.ts);
// - each document's previous version is remembered per mapping (what it says, its verdicts, its diagnostics and
//   where its target was). A mapping that says the same against the same verdict caches keeps its verdicts
//   without a lookup, and its diagnostics are returned again as the same objects when the edit left the text
//   of its target on the same line and column (text-edit.ts); only new, changed or moved ones are built.
import type { Range } from 'vscode-languageserver-types';
import type { ConfigDiagnostic } from '../config/diagnostic';
import type { ConfigDocument } from '../config/document';
import { asDict, asString } from '../config/shape';
import type { MetadataContext } from './context';
import type { TypeFinding, TypeVerdicts } from './field-types';
import { typeFindingOf, typeMismatch } from './field-types';
import { MappingNodes, targetPath } from './mapping-nodes';
import type { ScreenFinding, ScreenVerdicts, WrittenField } from './screens';
import { findingOf, notOnScreen, writesOnCreate } from './screens';
import type { TextEdit } from './text-edit';
import { keepsPosition, ownCopy, textEdit } from './text-edit';
import { fieldsNode, pairAt } from './mapping-nodes';
import type { YAMLMap } from 'yaml';

export interface MappingResults {
  /** `field-not-on-screen` of the mappings, in the order of `fields`. */
  notOnScreen: ConfigDiagnostic[];
  /** `field-type-mismatch` of the mappings, in the order of `fields`. */
  typeMismatches: ConfigDiagnostic[];
  /** The written target fields that a created issue type's screen requires (for `required-field-unmapped`). */
  requiredWritten: WrittenField[];
}

/** One mapping with a target as one version of a document had it, and what the checks made of it. */
interface MappingRecord {
  sourceField: string;
  target: string;
  direction: string | undefined;
  asText: boolean;
  objectForm: boolean;
  /** Undefined when the target is not written on create (or there is no target snapshot). */
  screen: ScreenFinding | undefined;
  /** Undefined when types are not checked (no snapshot of a site, or watchers into watchers). */
  type: TypeFinding | undefined;
  notOnScreen: ConfigDiagnostic | undefined;
  typeMismatch: ConfigDiagnostic | undefined;
  /** The range of both diagnostics, and the offsets of the target node it was made from (-1: a fallback range). */
  range: Range | undefined;
  start: number;
  end: number;
  /** The index of the mapping's pair under `fields` (-1: unknown), where the next version looks first. */
  pairIndex: number;
}

/** What is remembered of one document's last validation. */
interface Memory {
  text: string;
  screens: Map<string, ScreenFinding> | undefined;
  types: Map<string, TypeFinding> | undefined;
  /**
   * By index of the key in `fields`: the mappings with something to report or remember (a diagnostic, or a target
   * a screen requires); the others cost a cache lookup when checked again, and no memory.
   */
  records: (MappingRecord | undefined)[];
  /** Source field → index in `records`, built only when an edit added, removed or moved mappings. */
  positions?: Map<string, number>;
  /** Whether `fields` was a block mapping without repeated keys (then a keystroke inside a value is cheap). */
  simple: boolean;
}

// By document URI. Correctness never depends on the remembered version being the previous one: a record is
// reused only when its mapping says the same against the same verdict caches, and a range only when the text
// edit provably left it unchanged. A handful of open documents at most.
const memories = new Map<string, Memory>();
const REMEMBERED_DOCUMENTS = 16;

function remember(uri: string, memory: Memory): void {
  memories.delete(uri);
  if (memories.size >= REMEMBERED_DOCUMENTS) {
    const oldest = memories.keys().next().value;
    if (oldest !== undefined) memories.delete(oldest);
  }
  memories.set(uri, memory);
}

/** The previous record of a source field: usually the next one in order (a keystroke keeps the order). */
function previousRecord(memory: Memory, index: number, sourceField: string): MappingRecord | undefined {
  const same = memory.records[index];
  if (same?.sourceField === sourceField) return same;
  let positions = memory.positions;
  if (!positions) {
    positions = memory.positions = new Map();
    for (let i = 0; i < memory.records.length; i++) {
      const record = memory.records[i];
      if (record) positions.set(record.sourceField, i);
    }
  }
  const at = positions.get(sourceField);
  return at === undefined ? undefined : memory.records[at];
}

/** Ranges for this version, reusing a previous record's range when the edit did not move it. */
class Locator {
  private nodes: MappingNodes | undefined;

  constructor(
    private readonly doc: ConfigDocument,
    private readonly uniqueKeys: boolean,
    private readonly edit: TextEdit | undefined,
  ) {}

  /** Sets the record's range, offsets and pair index for this version, from where `before` was. */
  locate(record: MappingRecord, before: MappingRecord | undefined): void {
    this.nodes ??= new MappingNodes(this.doc, this.uniqueKeys);
    const node = this.nodes.targetNode(record.sourceField, record.objectForm, before?.pairIndex ?? -1);
    const offsets = node?.range;
    record.pairIndex = this.nodes.pairIndex;
    if (!offsets || offsets[1] > this.doc.text.length) {
      record.range = this.doc.valueRange(targetPath(record.sourceField, record.objectForm));
      record.start = record.end = -1;
      return;
    }
    const [start, end] = offsets;
    record.range =
      before?.range &&
      this.edit &&
      before.start >= 0 &&
      keepsPosition(this.edit, start, end, before.start, before.end)
        ? before.range
        : this.doc.range(start, end);
    record.start = start;
    record.end = end;
  }
}

/**
 * The verdicts and diagnostics of one mapping, as a record to remember; undefined when there is nothing to report
 * or remember (no target, or no diagnostic and no target a screen requires).
 */
function checkMapping(
  context: MetadataContext,
  screens: ScreenVerdicts | undefined,
  types: TypeVerdicts | undefined,
  locator: Locator,
  sourceField: string,
  mapping: unknown,
  before: MappingRecord | undefined,
  pairHint: number,
): MappingRecord | undefined {
  let target: string | undefined;
  let direction: string | undefined;
  let asText = false;
  const objectForm = typeof mapping !== 'string';
  if (objectForm) {
    const object = asDict(mapping);
    if (!object) return undefined;
    target = asString(object.target);
    direction = asString(object.direction);
    asText = object.as === 'text';
  } else {
    target = mapping as string;
  }
  if (!target) return undefined;
  if (
    before &&
    before.target === target &&
    before.direction === direction &&
    before.asText === asText &&
    before.objectForm === objectForm
  ) {
    // The mapping says what it said: same verdicts, and the same diagnostics if its range did not move.
    if (before.notOnScreen || before.typeMismatch) {
      const range = before.range;
      locator.locate(before, before);
      if (before.range !== range) {
        const written = { field: before.target, sourceField, objectForm };
        if (before.notOnScreen && before.screen?.message)
          before.notOnScreen = notOnScreen(written, before.screen, before.screen.message, before.range!);
        if (before.typeMismatch && before.type?.message)
          before.typeMismatch = typeMismatch(
            sourceField,
            objectForm,
            before.type,
            before.type.message,
            before.range!,
          );
      }
    }
    return before;
  }
  const screen =
    screens && writesOnCreate(target, direction) ? findingOf(context, screens, target) : undefined;
  const type =
    types && !(target === 'watchers' && sourceField === 'watchers')
      ? typeFindingOf(types, sourceField, target, asText)
      : undefined;
  if (!screen?.message && !type?.message && !screen?.required) return undefined;
  // Kept across versions: copies, not slices of this version's text.
  target = ownCopy(target);
  const record: MappingRecord = {
    sourceField,
    target,
    direction: direction === undefined ? undefined : ownCopy(direction),
    asText,
    objectForm,
    screen,
    type,
    notOnScreen: undefined,
    typeMismatch: undefined,
    range: undefined,
    start: -1,
    end: -1,
    pairIndex: pairHint,
  };
  if (screen?.message || type?.message) {
    locator.locate(record, before ?? record);
    const range = record.range!;
    const written = { field: target, sourceField, objectForm };
    if (screen?.message) record.notOnScreen = notOnScreen(written, screen, screen.message, range);
    if (type?.message) record.typeMismatch = typeMismatch(sourceField, objectForm, type, type.message, range);
  }
  return record;
}

/** The results of the mappings, from their records in the order of `fields`. */
function resultsOf(records: (MappingRecord | undefined)[]): MappingResults {
  const results: MappingResults = { notOnScreen: [], typeMismatches: [], requiredWritten: [] };
  for (const record of records) {
    if (!record) continue;
    const { target: field, sourceField, objectForm } = record;
    if (record.screen?.required) results.requiredWritten.push({ field, sourceField, objectForm });
    if (record.notOnScreen) results.notOnScreen.push(record.notOnScreen);
    if (record.typeMismatch) results.typeMismatches.push(record.typeMismatch);
  }
  return results;
}

const WORD = /^[A-Za-z0-9_]*$/;
const WORD_CHAR = /[A-Za-z0-9_]/;

/**
 * Whether an edit only changed letters, digits or underscores inside a word that was already there (typing or
 * deleting inside an id): the YAML structure of the text is then the same, except for the scalar holding the
 * word. Not when the word follows an indicator that gives it a meaning for other nodes: an anchor, alias or tag
 * name (`&a`, `*a`, `!a`), a block scalar's indentation (`|2`, `>+1`), a directive (`%TAG`); and not in a text
 * with anchors at all (the edited value could be copied by an alias elsewhere).
 */
function isWordEdit(before: string, after: string, edit: TextEdit): boolean {
  const { prefix, suffixStart } = edit;
  if (prefix === 0 || !WORD_CHAR.test(after[prefix - 1]!)) return false;
  if (
    !WORD.test(after.slice(prefix, suffixStart)) ||
    !WORD.test(before.slice(prefix, suffixStart - edit.delta))
  )
    return false;
  let start = prefix - 1;
  while (start > 0 && /[A-Za-z0-9_.-]/.test(after[start - 1]!)) start--;
  if (start > 0 && '&*!|>+%'.includes(after[start - 1]!)) return false;
  return after[after.lastIndexOf('\n', start) + 1] !== '%' && !after.includes('&');
}

/**
 * A keystroke inside one mapping's value, in a `fields` block mapping without repeated keys: only that mapping
 * can have changed, and every other mapping's diagnostics are still right (block mapping pairs start on their own
 * lines, so none shares the edited line after the edit). Undefined when the edit is anything else.
 */
function afterKeystroke(
  context: MetadataContext,
  screens: ScreenVerdicts | undefined,
  types: TypeVerdicts | undefined,
  memory: Memory,
  edit: TextEdit,
): MappingResults | undefined {
  const { doc } = context;
  if (!memory.simple || edit.lineDelta !== 0 || !isWordEdit(memory.text, doc.text, edit)) return undefined;
  const fields = fieldsNode(doc);
  const found = fields && pairAt(fields, edit.prefix, edit.suffixStart);
  if (!found) return undefined;
  const values = asDict(context.config.fields);
  // Without repeated keys, the keys are in the order of the pairs: the edited pair's index is its key's.
  const at = found.index;
  const before = memory.records[at];
  if (
    !values ||
    !Object.hasOwn(values, found.key) ||
    memory.records.length !== fields.items.length ||
    (before && before.sourceField !== found.key)
  )
    return undefined;
  if (before) before.pairIndex = at;
  const locator = new Locator(doc, true, edit);
  const record = checkMapping(context, screens, types, locator, found.key, values[found.key], before, at);
  memory.records[at] = record;
  if (!record !== !before) memory.positions = undefined; // rebuilt if a later full pass needs it
  // The offsets of the mappings after the edit moved by its length (their lines and columns did not).
  for (let i = at + 1; i < memory.records.length; i++) {
    const r = memory.records[i];
    if (r && r.start >= 0) {
      r.start += edit.delta;
      r.end += edit.delta;
    }
  }
  memory.text = doc.text;
  remember(doc.uri, memory);
  return resultsOf(memory.records);
}

/** Whether `fields` is a block mapping (each pair on its own lines) whose keys are all different. */
function isSimple(doc: ConfigDocument, fields: YAMLMap | undefined, keyCount: number): boolean {
  return (
    fields !== undefined &&
    !fields.flow &&
    doc.text[fields.range?.[0] ?? 0] !== '{' &&
    fields.items.length === keyCount
  );
}

/** Checks every mapping under `fields` against the screens and field types of the snapshots. */
export function checkMappings(
  context: MetadataContext,
  screens: ScreenVerdicts | undefined,
  types: TypeVerdicts | undefined,
): MappingResults {
  const fields = asDict(context.config.fields);
  const { doc } = context;
  let memory = memories.get(doc.uri);
  // Its records are updated in place below: if this validation failed half-way, they would not match its text.
  memories.delete(doc.uri);
  if (!fields || (!screens && !types)) return { notOnScreen: [], typeMismatches: [], requiredWritten: [] };
  // Verdicts are valid for the caches they came from (one snapshot version, one set of created issue types).
  if (memory && (memory.screens !== screens?.findings || memory.types !== types?.findings))
    memory = undefined;
  const edit = memory && textEdit(memory.text, doc.text);
  if (memory && edit) {
    const quick = afterKeystroke(context, screens, types, memory, edit);
    if (quick) return quick;
  }
  const keys = Object.keys(fields);
  const simple = isSimple(doc, fieldsNode(doc), keys.length);
  const locator = new Locator(doc, simple, edit);
  const records: (MappingRecord | undefined)[] = [];
  for (let i = 0; i < keys.length; i++) {
    const sourceField = keys[i]!;
    const before = memory && previousRecord(memory, i, sourceField);
    // Without repeated keys the parsed object's keys are in the order of the pairs: the i-th key's pair is the
    // i-th one (looked for there first, and checked).
    if (before) before.pairIndex = i;
    const record = checkMapping(
      context,
      screens,
      types,
      locator,
      sourceField,
      fields[sourceField],
      before,
      i,
    );
    records.push(record);
  }
  remember(doc.uri, { text: doc.text, screens: screens?.findings, types: types?.findings, records, simple });
  return resultsOf(records);
}
