// The personal-data validator (DESIGN.md §5): one diagnostic per rule on the key of the mapping responsible.
import type { ConfigDiagnostic } from '../config/diagnostic';
import { Severity, makeDiagnostic } from '../config/diagnostic';
import type { ConfigDocument } from '../config/document';
import type { ValidationContext, Validator } from '../config/validator';
import { findEmailAddresses } from './emails';
import type { Flow, PersonalDataAnalysis } from './flows';
import { analyzePersonalData, uncontrolledReceivers } from './flows';
import {
  EMAIL_IN_CONFIG,
  asTextWarning,
  freeTextHint,
  personalDataFieldError,
  personalDataFieldInfo,
  uncontrolledWarning,
} from './messages';

/** The user field to map to instead of copying a user as text: the same field, except `creator`. */
export function userFieldFor(sourceField: string): string {
  return sourceField === 'creator' ? 'reporter' : sourceField;
}

function flowDiagnostics(
  doc: ConfigDocument,
  analysis: PersonalDataAnalysis,
  flow: Flow,
  out: ConfigDiagnostic[],
): void {
  const range = doc.keyRange(flow.path);
  const base = { path: flow.path, sourceField: flow.kind === 'field' ? flow.sourceField : undefined };
  if (flow.personalData) {
    if (analysis.exchange) {
      out.push(
        makeDiagnostic(
          'personal-data-field',
          Severity.Information,
          range,
          personalDataFieldInfo(flow, analysis),
          {
            ...base,
            receivingSites: flow.receivingSites,
          },
        ),
      );
      const uncontrolled = uncontrolledReceivers(analysis, flow);
      if (uncontrolled.length > 0) {
        out.push(
          makeDiagnostic(
            'personal-data-uncontrolled-target',
            Severity.Warning,
            range,
            uncontrolledWarning(flow, analysis, uncontrolled),
            { ...base, sites: uncontrolled },
          ),
        );
      }
    } else {
      out.push(
        makeDiagnostic('personal-data-field', Severity.Error, range, personalDataFieldError(flow, analysis), {
          ...base,
          unsuppressible: true,
        }),
      );
    }
  }
  if (flow.userAsText) {
    const userTarget = userFieldFor(flow.sourceField);
    out.push(
      makeDiagnostic(
        'personal-data-as-text',
        Severity.Warning,
        range,
        asTextWarning(flow, analysis, userTarget),
        {
          ...base,
          userTarget,
        },
      ),
    );
  }
  if (flow.freeText) {
    out.push(makeDiagnostic('personal-data-free-text', Severity.Hint, range, freeTextHint(flow), base));
  }
}

/** All personal-data diagnostics of one document. */
export function personalDataDiagnostics(
  doc: ConfigDocument,
  context: ValidationContext = {},
): ConfigDiagnostic[] {
  const analysis = analyzePersonalData(doc, context);
  const out: ConfigDiagnostic[] = [];
  for (const flow of analysis.flows) flowDiagnostics(doc, analysis, flow, out);
  for (const email of findEmailAddresses(doc)) {
    out.push(
      makeDiagnostic(
        'personal-data-in-config',
        Severity.Warning,
        doc.range(email.start, email.end),
        EMAIL_IN_CONFIG,
        {
          path: [],
        },
      ),
    );
  }
  return out;
}

export const personalDataValidator: Validator = {
  id: 'personal-data',
  validate: personalDataDiagnostics,
};
