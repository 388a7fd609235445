// The personal-data validator (DESIGN.md §5): one diagnostic per rule on the key of the mapping responsible.
import type { DiagnosticCode } from '../config/codes';
import type { ConfigDiagnostic, DiagnosticData } from '../config/diagnostic';
import { Severity, makeDiagnostic } from '../config/diagnostic';
import type { ConfigDocument } from '../config/document';
import type { ValidationContext, Validator } from '../config/validator';
import type { Range } from 'vscode-languageserver-types';
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

// A config with thousands of user-field mappings gets thousands of diagnostics: build each from a template
// per code, so the help link (a file URL resolved from the install folder) is computed once per code.
const templates = new Map<DiagnosticCode, ConfigDiagnostic>();

function diagnostic(
  code: DiagnosticCode,
  severity: ConfigDiagnostic['severity'] & number,
  range: Range,
  message: string,
  data: DiagnosticData,
): ConfigDiagnostic {
  let template = templates.get(code);
  if (!template) {
    template = makeDiagnostic(code, severity, range, message, data);
    templates.set(code, template);
  }
  return { ...template, range, severity, message, data };
}

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
  if (!flow.personalData && !flow.userAsText && !flow.freeText) return;
  const range = doc.keyRange(flow.path);
  const base = { path: flow.path, sourceField: flow.kind === 'field' ? flow.sourceField : undefined };
  if (flow.personalData) {
    if (analysis.exchange) {
      out.push(
        diagnostic(
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
          diagnostic(
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
        diagnostic('personal-data-field', Severity.Error, range, personalDataFieldError(flow, analysis), {
          ...base,
          unsuppressible: true,
        }),
      );
    }
  }
  if (flow.userAsText) {
    const userTarget = userFieldFor(flow.sourceField);
    out.push(
      diagnostic('personal-data-as-text', Severity.Warning, range, asTextWarning(flow, userTarget), {
        ...base,
        userTarget,
      }),
    );
  }
  if (flow.freeText) {
    out.push(diagnostic('personal-data-free-text', Severity.Hint, range, freeTextHint(flow), base));
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
      diagnostic(
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
